using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lottopar.Runtime.Core;

/// <summary>
/// The single live instance of one grain in this silo: a mailbox drained on the thread pool,
/// one message at a time, in arrival order, each to completion (turn-based, non-reentrant).
/// </summary>
/// <remarks>
/// The mailbox is a concurrent queue plus a "scheduled" flag: the caller that finds the flag clear
/// queues the activation itself (an <see cref="IThreadPoolWorkItem"/>, so nothing is allocated per
/// schedule), and the drain runs until the queue is empty. While the activation deactivates,
/// messages keep queueing; once it is gone from the catalog they are handed to its successor, so
/// two activations of one grain never overlap in this silo.
/// </remarks>
internal sealed partial class Activation : IThreadPoolWorkItem
{
    /// <summary>Turns one drain runs before yielding its thread to other work.</summary>
    private const int TurnsPerDrain = 64;

    private readonly ConcurrentQueue<WorkItem> _mailbox = new();
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ActivationCatalog _catalog;
    private readonly CallChain _rootChain;
    private Grain? _grain;
    private AsyncServiceScope _scope;
    private DeactivationReason? _deactivateAfterTurn;
    private bool _activated;
    private bool _inTurn;
    private int _scheduled;
    private int _closed;
    private int _leaving;
    private long _turns;
    private long _lastActiveUtcTicks;
    private WorkItem? _current;

    public Activation(GrainId id, GrainTypeInfo type, ActivationCatalog catalog)
    {
        GrainId = id;
        Type = type;
        _catalog = catalog;
        _rootChain = new CallChain(id, null);
        Description = catalog.Registry.Describe(id);
        _lastActiveUtcTicks = catalog.Clock.GetUtcNow().UtcTicks;
    }

    public GrainId GrainId { get; }

    public GrainTypeInfo Type { get; }

    /// <summary>The grain id as it may appear in logs and messages (personal keys masked).</summary>
    public string Description { get; }

    public Grain Instance => _grain ?? throw new InvalidOperationException($"{Description} is not activated.");

    public bool IsIdle => Volatile.Read(ref _current) is null && _mailbox.IsEmpty;

    public long LastActiveUtcTicks => Volatile.Read(ref _lastActiveUtcTicks);

    /// <summary>Completes when the activation has deactivated (or failed to activate).</summary>
    public Task Completion => _completion.Task;

    public bool IsLeaving => Volatile.Read(ref _leaving) == 1;

    /// <summary>Queues a message; false when this activation is gone and the caller must look again.</summary>
    public bool TryEnqueue(WorkItem item)
    {
        if (Volatile.Read(ref _closed) == 1)
        {
            return false;
        }

        _mailbox.Enqueue(item);
        if (Volatile.Read(ref _closed) == 1)
        {
            // Closed while we queued: the message may have missed the hand-over; pass it on ourselves.
            HandOverQueuedCalls();
        }
        else if (Interlocked.CompareExchange(ref _scheduled, 1, 0) == 0)
        {
            _catalog.MarkScheduled(this);
            // Local queue: the caller is about to await, so its own thread usually runs the turn next.
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: true);
        }

        return true;
    }

    public bool RequestDeactivation(DeactivationReason reason) =>
        TryEnqueue(new DeactivationRequest(reason, Interlocked.Read(ref _turns)));

    /// <summary>Marks the activation as chosen for eviction; true only the first time.</summary>
    public bool TryMarkLeaving() => Interlocked.CompareExchange(ref _leaving, 1, 0) == 0;

    /// <summary>Fails the calls (running or queued) whose callers have waited longer than the call timeout.</summary>
    public int ExpireOverdueCalls(long overdueBefore, Func<WorkItem, Activation, Exception> timeout)
    {
        var expired = 0;
        if (Volatile.Read(ref _current) is { } running && running.EnqueuedAt < overdueBefore && running.TryTimeOut(timeout(running, this)))
        {
            expired++;
        }

        if (!_mailbox.IsEmpty)
        {
            foreach (var queued in _mailbox)
            {
                if (queued.EnqueuedAt < overdueBefore && queued.TryTimeOut(timeout(queued, this)))
                {
                    expired++;
                }
            }
        }

        return expired;
    }

    void IThreadPoolWorkItem.Execute() => _ = DrainAsync();

    private async Task DrainAsync()
    {
        // The first message is taken off the queue before activating: its chain is the
        // activation's. (Peeking at it instead would mark the queue's segment as observed, and an
        // observed segment keeps every message dequeued from it, arguments and results included,
        // until 32 have passed: most activations would hold their last calls for their lifetime.)
        WorkItem? first = null;
        if (!_activated)
        {
            _mailbox.TryDequeue(out first);
            if (!await TryActivateAsync(first).ConfigureAwait(false))
            {
                return;
            }
        }

        var turns = 0;
        while (true)
        {
            while (first is { } item || _mailbox.TryDequeue(out item))
            {
                first = null;
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

                if (++turns == TurnsPerDrain && !_mailbox.IsEmpty)
                {
                    // Fairness: a busy grain gives its thread back; the drain stays scheduled.
                    ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
                    return;
                }
            }

            // Leaves the catalog's scheduled set while still holding the flag, so that a caller who
            // schedules after the flag clears is the one who puts it back.
            _catalog.MarkIdle(this);

            // A full fence between clearing the flag and looking at the queue: either a caller
            // sees the flag clear and schedules, or this drain sees its message and goes on.
            Interlocked.Exchange(ref _scheduled, 0);
            if (_mailbox.IsEmpty || Interlocked.CompareExchange(ref _scheduled, 1, 0) != 0)
            {
                return;
            }

            _catalog.MarkScheduled(this);
        }
    }

    private async Task RunTurnAsync(WorkItem item)
    {
        if (item.IsAbandoned)
        {
            return;
        }

        CallChain.Current = item.Chain is null ? _rootChain : new CallChain(GrainId, item.Chain);
        Volatile.Write(ref _current, item);
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
            Volatile.Write(ref _current, null);
            _catalog.Instruments.RecordCall(Type, Stopwatch.GetElapsedTime(item.EnqueuedAt), succeeded);
        }

        // Last: whatever the caller does next (read metrics, move a test clock) sees this turn finished.
        item.CompleteCaller();
    }

    private async Task<bool> TryActivateAsync(WorkItem? first)
    {
        // Calls made while activating belong to the first caller's chain, like the call that caused it.
        CallChain.Current = new CallChain(GrainId, first?.Chain);
        Volatile.Write(ref _current, first); // its caller may still time out while the activation runs
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
            _activated = true;
            _catalog.Instruments.ActivationAdded(Type);
            return true;
        }
        catch (Exception error)
        {
            // Every caller waiting on this activation learns why it could not start. A database
            // outage is logged once for the silo, not once per grain.
            if (!_catalog.DatabaseOutage.TryReport(error, $"activation of {Description}"))
            {
                _catalog.Logger.LogWarning(error, "Activation of {Grain} failed", Description);
            }

            var failure = new GrainActivationException($"Activation of {Description} failed: {error.Message}", error);
            Close();
            first?.Fail(failure);
            while (_mailbox.TryDequeue(out var item))
            {
                item.Fail(failure);
            }

            await _scope.DisposeAsync().ConfigureAwait(false);
            _completion.TrySetResult();
            return false;
        }
        finally
        {
            _inTurn = false;
            _pendingEvents?.Clear();
            Volatile.Write(ref _current, null);
        }
    }

    private async Task DeactivateAsync(DeactivationReason reason)
    {
        CallChain.Current = _rootChain;
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
        Close();
        HandOverQueuedCalls();
        _completion.TrySetResult();
    }

    /// <summary>
    /// Leaves the catalog, then refuses new messages (a caller then creates a successor). The
    /// drain that closes never clears the scheduled flag, so no drain can run on a closed activation.
    /// </summary>
    private void Close()
    {
        _catalog.Remove(this);
        Interlocked.Exchange(ref _closed, 1);
    }

    /// <summary>Calls that arrived during the deactivation go to a fresh activation, in their order.</summary>
    private void HandOverQueuedCalls()
    {
        while (_mailbox.TryDequeue(out var item))
        {
            if (item is not DeactivationRequest)
            {
                _catalog.Redispatch(GrainId, item);
            }
        }
    }
}
