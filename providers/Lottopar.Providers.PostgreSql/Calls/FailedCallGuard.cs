using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Hosting;

namespace Lottopar.Providers.PostgreSql.Calls;

/// <summary>
/// A call that fails leaves no trace: when a grain call throws anything but a refusal
/// (<see cref="IGrainRefusal"/>: a domain rule said no before anything changed), the activation
/// is dropped, so changes the call made in memory and never stored are forgotten and the next call
/// reloads the stored state. Orleans itself drops an activation only after an
/// <c>InconsistentStateException</c>; a failed write for any other reason (a unique key another
/// grain holds, a lost connection) or a failure after a change in memory would otherwise stay.
/// </summary>
public sealed class FailedCallGuard : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        try
        {
            await context.Invoke().ConfigureAwait(false);
        }
        catch (Exception error) when (error is not IGrainRefusal && context.TargetContext is { GrainInstance: not null } target)
        {
            // No exception in the reason: Orleans would fail the calls already queued behind this
            // one with it, where they should go to the next activation.
            target.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationRequested, $"{DeactivationTrust.CallFailed} ({error.GetType().Name}); its unsaved changes go with the activation."));
            throw;
        }
    }
}

public static class FailedCallGuardRegistration
{
    public static ISiloBuilder AddFailedCallGuard(this ISiloBuilder silo)
    {
        silo.Services.AddSingleton<IIncomingGrainCallFilter, FailedCallGuard>();
        return silo;
    }
}
