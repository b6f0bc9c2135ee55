using Orleans;

namespace Lottopar.Providers.Abstractions;

/// <summary>
/// Whether an activation's state in memory may be trusted as it leaves. A grain that saves on
/// deactivation (the player's snapshot) saves only then: after a failed call (the failed-call guard
/// drops the activation with <see cref="CallFailed"/>), a failed activation, an application error or
/// a duplicate activation, memory may hold changes that were never stored, or stale ones.
/// </summary>
public static class DeactivationTrust
{
    /// <summary>The description the failed-call guard gives the deactivations it asks for (it starts with this).</summary>
    public const string CallFailed = "A call failed";

    public static bool LeavesTrustedState(this DeactivationReason reason) =>
        reason.ReasonCode is not (DeactivationReasonCode.ApplicationError or DeactivationReasonCode.ActivationFailed or DeactivationReasonCode.DuplicateActivation)
        && reason.Exception is null
        && !(reason.ReasonCode == DeactivationReasonCode.ApplicationRequested && reason.Description.StartsWith(CallFailed, StringComparison.Ordinal));
}
