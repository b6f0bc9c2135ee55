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
}
