namespace Lottopar.Runtime;

/// <summary>Base of the runtime's own failures, as opposed to exceptions thrown by grain code.</summary>
public abstract class GrainRuntimeException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>A call did not complete within the call timeout. Whether it ran is unknown to the caller.</summary>
public sealed class GrainCallTimeoutException(string message) : GrainRuntimeException(message);

/// <summary>
/// A call would wait on itself: the target grain is already waiting, further up this call chain,
/// for the call being made (A -> B -> A). Grains are not reentrant, so the call fails at once
/// instead of deadlocking until the timeout.
/// </summary>
public sealed class DeadlockException(string message) : GrainRuntimeException(message);

/// <summary>
/// A state write lost a race: the stored version is no longer the one this activation read. The
/// write did nothing, the activation is dropped after the current call, and the next call reloads.
/// </summary>
public sealed class InconsistentStateException(string message) : GrainRuntimeException(message);

/// <summary>The silo holds its maximum of live activations and none is idle enough to collect.</summary>
public sealed class ActivationLimitExceededException(string message) : GrainRuntimeException(message);

/// <summary>The grain could not be activated (its state could not be read, or OnActivateAsync threw).</summary>
public sealed class GrainActivationException(string message, Exception inner) : GrainRuntimeException(message, inner);

/// <summary>The silo is shutting down and accepts no new calls.</summary>
public sealed class SiloUnavailableException(string message) : GrainRuntimeException(message);

/// <summary>
/// Marks an exception a grain throws to refuse a request <em>before</em> it changes anything (a
/// validation failure, a conflict with its current state, something not found). The activation
/// keeps serving after a refusal. A call that fails with any other exception drops its activation,
/// so that changes the call made in memory and never stored are forgotten: the next call reloads
/// the stored state.
/// </summary>
public interface IGrainRefusal;
