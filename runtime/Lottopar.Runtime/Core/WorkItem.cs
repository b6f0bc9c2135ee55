using System.Diagnostics;

namespace Lottopar.Runtime.Core;

/// <summary>A message in an activation's mailbox.</summary>
internal abstract class WorkItem(CallChain? chain)
{
    private int _abandoned;

    /// <summary>The caller's chain, checked for cycles when this turn calls other grains.</summary>
    public CallChain? Chain { get; } = chain;

    public long EnqueuedAt { get; } = Stopwatch.GetTimestamp();

    /// <summary>What is being called, for messages ("IPlayerGrain.DepositAsync").</summary>
    public abstract string Description { get; }

    /// <summary>Set when the caller stopped waiting (timeout); a call not yet started is then skipped.</summary>
    public bool IsAbandoned => Volatile.Read(ref _abandoned) == 1;

    /// <summary>
    /// Runs the item inside the activation's turn and keeps its outcome. Never throws. The caller
    /// is released by <see cref="CompleteCaller"/>, after the activation has done its bookkeeping.
    /// </summary>
    /// <returns>True when the call succeeded.</returns>
    public abstract Task<bool> ExecuteAsync(Activation activation);

    /// <summary>Hands the kept outcome (result or exception) to the caller.</summary>
    public abstract void CompleteCaller();

    /// <summary>Ends the item without running it (the activation could not start).</summary>
    public abstract void Fail(Exception error);

    /// <summary>Gives the caller a timeout unless the call already completed; the call is then skipped if not started.</summary>
    public bool TryTimeOut(Exception error)
    {
        if (!TryFailCaller(error))
        {
            return false;
        }

        Volatile.Write(ref _abandoned, 1);
        return true;
    }

    protected abstract bool TryFailCaller(Exception error);
}

/// <summary>A call that returns a <typeparamref name="T"/> to a waiting caller; subclasses say what to invoke.</summary>
internal abstract class Call<T>(CallChain? chain) : WorkItem(chain)
{
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private T? _result;
    private Exception? _error;

    public Task<T> Task => _completion.Task;

    public override async Task<bool> ExecuteAsync(Activation activation)
    {
        try
        {
            _result = await InvokeAsync(activation.Instance).ConfigureAwait(false);
            await activation.CommitPendingEventsAsync().ConfigureAwait(false);
            return true;
        }
        catch (Exception error)
        {
            // Not swallowed: the exception goes back to the caller; the activation keeps serving.
            activation.OnCallFailed(error);
            _error = error;
            return false;
        }
    }

    public override void CompleteCaller()
    {
        if (_error is null)
        {
            _completion.TrySetResult(_result!);
        }
        else
        {
            _completion.TrySetException(_error);
        }
    }

    public override void Fail(Exception error) => _completion.TrySetException(error);

    protected override bool TryFailCaller(Exception error) => _completion.TrySetException(error);

    protected abstract Task<T> InvokeAsync(Grain grain);
}

/// <summary>A call through a grain reference.</summary>
internal sealed class GrainCall<T>(GrainMethod<T> method, object?[] arguments, CallChain? chain) : Call<T>(chain)
{
    public override string Description => method.Name;

    protected override Task<T> InvokeAsync(Grain grain) => method.InvokeOn(grain, arguments);
}

/// <summary>A call the runtime itself makes on the grain instance (a reminder tick).</summary>
internal sealed class SystemCall(string description, Func<Grain, Task> action) : Call<VoidResult>(chain: null)
{
    public override string Description => description;

    protected override async Task<VoidResult> InvokeAsync(Grain grain)
    {
        await action(grain).ConfigureAwait(false);
        return default;
    }
}

/// <summary>
/// Asks the activation to go away once the calls queued before it have run. An idle-collection
/// request is dropped if the activation served a call after the decision was taken.
/// </summary>
internal sealed class DeactivationRequest(DeactivationReason reason, long turnsAtDecision) : WorkItem(chain: null)
{
    public DeactivationReason Reason => reason;

    public override string Description => $"deactivation ({reason})";

    public bool StillApplies(long turnsNow) => reason != DeactivationReason.IdleTimeout || turnsNow == turnsAtDecision;

    public override Task<bool> ExecuteAsync(Activation activation) => System.Threading.Tasks.Task.FromResult(true);

    public override void CompleteCaller()
    {
    }

    public override void Fail(Exception error)
    {
    }

    protected override bool TryFailCaller(Exception error) => false;
}
