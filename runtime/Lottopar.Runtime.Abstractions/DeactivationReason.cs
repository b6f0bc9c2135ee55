namespace Lottopar.Runtime;

/// <summary>Why an activation is going away; passed to <see cref="Grain.OnDeactivateAsync"/>.</summary>
public enum DeactivationReason
{
    IdleTimeout,
    ActivationLimit,
    StateConflict,
    WriteFailed,
    ApplicationRequested,
    ShuttingDown,

    /// <summary>A call failed with something other than a refusal: its changes in memory may not be stored.</summary>
    CallFailed,
}

public static class DeactivationReasonExtensions
{
    /// <summary>
    /// Whether the activation's state in memory may be trusted as it leaves: false after a lost
    /// write race, a failed write or a failed call, when it may hold changes that were never
    /// stored. A grain that saves on deactivation saves only when this is true.
    /// </summary>
    public static bool LeavesTrustedState(this DeactivationReason reason) =>
        reason is not (DeactivationReason.StateConflict or DeactivationReason.WriteFailed or DeactivationReason.CallFailed);
}
