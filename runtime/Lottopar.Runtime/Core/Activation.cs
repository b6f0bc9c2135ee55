using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lottopar.Runtime.Core;

/// <summary>
/// The single live instance of one grain in this silo: a mailbox and a loop that runs its
/// messages one at a time, in arrival order, each to completion (turn-based, non-reentrant).
/// </summary>
internal sealed partial class Activation
{
    private readonly Channel<WorkItem> _mailbox =
        Channel.CreateUnbounded<WorkItem>(new UnboundedChannelOptions { SingleReader = true });

    private readonly ActivationCatalog _catalog;
    private Grain? _grain;
    private AsyncServiceScope _scope;
    private DeactivationReason? _deactivateAfterTurn;
    private int _started;
    private int _busy;
    private int _leaving;
    private int _queued;
    private long _turns;
    private long _lastActiveUtcTicks;
    private bool _inTurn;
    private Task _run = Task.CompletedTask;

    public Activation(GrainId id, GrainTypeInfo type, ActivationCatalog catalog)
    {
        GrainId = id;
        Type = type;
        _catalog = catalog;
        Description = catalog.Registry.Describe(id);
        _lastActiveUtcTicks = catalog.Clock.GetUtcNow().UtcTicks;
    }

    public GrainId GrainId { get; }

    public GrainTypeInfo Type { get; }

    /// <summary>The grain id as it may appear in logs and messages (personal keys masked).</summary>
    public string Description { get; }

    public Grain Instance => _grain ?? throw new InvalidOperationException($"{Description} is not activated.");

    // The single-reader channel cannot count its items, so the activation does.
    public bool IsIdle => Volatile.Read(ref _busy) == 0 && Volatile.Read(ref _queued) == 0;

    public long LastActiveUtcTicks => Volatile.Read(ref _lastActiveUtcTicks);

    /// <summary>Completes when the activation has deactivated (or failed to activate).</summary>
    public Task Completion => Volatile.Read(ref _run);

    /// <summary>Queues a message; false when this activation is gone and the caller must look again.</summary>
    public bool TryEnqueue(WorkItem item)
    {
        Interlocked.Increment(ref _queued);
        if (!_mailbox.Writer.TryWrite(item))
        {
            Interlocked.Decrement(ref _queued);
            return false;
        }

        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            // The loop must not inherit the first caller's execution context (its call chain).
            using (ExecutionContext.SuppressFlow())
            {
                Volatile.Write(ref _run, Task.Run(RunAsync));
            }
        }

        return true;
    }

    public bool RequestDeactivation(DeactivationReason reason) =>
        TryEnqueue(new DeactivationRequest(reason, Interlocked.Read(ref _turns)));

    /// <summary>Marks the activation as chosen for eviction; true only the first time.</summary>
    public bool TryMarkLeaving() => Interlocked.CompareExchange(ref _leaving, 1, 0) == 0;

    public bool IsLeaving => Volatile.Read(ref _leaving) == 1;

    private async Task RunAsync()
    {
        var reader = _mailbox.Reader;
        if (!await TryActivateAsync().ConfigureAwait(false))
        {
            return;
        }

        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var item))
            {
                Interlocked.Decrement(ref _queued);
                if (item is DeactivationRequest request)
                {
                    if (request.StillApplies(Interlocked.Read(ref _turns)))
                    {
                        await DeactivateAsync(request.Reason).ConfigureAwait(false);
                        return;
                    }

                    continue;
                }

                await RunTurnAsync(item).ConfigureAwait(false);
                if (_deactivateAfterTurn is { } reason)
                {
                    await DeactivateAsync(reason).ConfigureAwait(false);
                    return;
                }
            }
        }
    }

    private async Task RunTurnAsync(WorkItem item)
    {
        if (item.IsAbandoned)
        {
            return;
        }

        CallChain.Current = new CallChain(GrainId, item.Chain);
        Volatile.Write(ref _busy, 1);
        _inTurn = true;
        var succeeded = false;
        try
        {
            succeeded = await item.ExecuteAsync(this).ConfigureAwait(false);
        }
        finally
        {
            _inTurn = false;
            _pendingEvents?.Clear();
            Interlocked.Increment(ref _turns);
            Volatile.Write(ref _lastActiveUtcTicks, _catalog.Clock.GetUtcNow().UtcTicks);
            Volatile.Write(ref _busy, 0);
            _catalog.Instruments.RecordCall(Type, Stopwatch.GetElapsedTime(item.EnqueuedAt), succeeded);
        }
    }

    private async Task<bool> TryActivateAsync()
    {
        // Calls made while activating belong to the first caller's chain, like the call that caused it.
        CallChain.Current = new CallChain(GrainId, _mailbox.Reader.TryPeek(out var first) ? first.Chain : null);
        _inTurn = true;
        try
        {
            using var timeout = new CancellationTokenSource(_catalog.Options.CallTimeout);
            _scope = _catalog.Services.CreateAsyncScope();
            _grain = (Grain)Type.Factory(_scope.ServiceProvider, null);
            _grain.Attach(this);
            await _grain.LoadStateAsync(timeout.Token).ConfigureAwait(false);
            await _grain.OnActivateAsync(timeout.Token).ConfigureAwait(false);
            await CommitPendingEventsAsync().ConfigureAwait(false);
            _catalog.Instruments.ActivationAdded(Type);
            return true;
        }
        catch (Exception error)
        {
            // Every caller waiting on this activation learns why it could not start.
            _catalog.Logger.LogWarning(error, "Activation of {Grain} failed", Description);
            var failure = new GrainActivationException($"Activation of {Description} failed: {error.Message}", error);
            _mailbox.Writer.TryComplete();
            _catalog.Remove(this);
            while (_mailbox.Reader.TryRead(out var item))
            {
                item.Fail(failure);
            }

            await _scope.DisposeAsync().ConfigureAwait(false);
            return false;
        }
        finally
        {
            _inTurn = false;
        }
    }

    private async Task DeactivateAsync(DeactivationReason reason)
    {
        _mailbox.Writer.TryComplete();
        _catalog.Remove(this);
        CallChain.Current = new CallChain(GrainId, null);
        _inTurn = true;
        try
        {
            using var timeout = new CancellationTokenSource(_catalog.Options.CallTimeout);
            await Instance.OnDeactivateAsync(reason, timeout.Token).ConfigureAwait(false);
            await CommitPendingEventsAsync().ConfigureAwait(false);
        }
        catch (Exception error)
        {
            // Nobody waits on a deactivation; the hook's failure is reported here and the activation still goes.
            _catalog.Logger.LogWarning(error, "OnDeactivateAsync of {Grain} failed ({Reason})", Description, reason);
        }
        finally
        {
            _inTurn = false;
            _pendingEvents?.Clear();
        }

        await _scope.DisposeAsync().ConfigureAwait(false);
        _catalog.Instruments.ActivationRemoved(Type);
        _catalog.Logger.LogDebug("Deactivated {Grain} ({Reason})", Description, reason);

        // Calls that arrived after the decision go to a fresh activation, in their order.
        while (_mailbox.Reader.TryRead(out var item))
        {
            if (item is not DeactivationRequest)
            {
                _catalog.Redispatch(GrainId, item);
            }
        }
    }
}
