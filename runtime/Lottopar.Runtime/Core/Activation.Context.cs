using System.Diagnostics;
using Lottopar.Runtime.Streams;

namespace Lottopar.Runtime.Core;

/// <summary>What the grain instance reaches through <see cref="Grain"/>: state, streams, reminders.</summary>
internal sealed partial class Activation : IGrainContext
{
    private List<OutboundStreamEvent>? _pendingEvents;

    IGrainFactory IGrainContext.GrainFactory => _catalog.GrainFactory;

    public async Task<StoredState> ReadStateAsync(Type stateType, CancellationToken cancellationToken)
    {
        var stored = await _catalog.Storage.ReadAsync(GrainId, cancellationToken).ConfigureAwait(false);
        if (stored?.Json is null)
        {
            return new StoredState(null, stored?.Version ?? 0);
        }

        return new StoredState(_catalog.Serializer.Deserialize(stored.Json, stateType), stored.Version);
    }

    public async Task<long> WriteStateAsync(
        object? state, long expectedVersion, IReadOnlyCollection<UniqueKey>? uniqueKeys, CancellationToken cancellationToken)
    {
        EnsureInTurn("write its state");
        IReadOnlyList<OutboundStreamEvent> events = _pendingEvents is { Count: > 0 } pending ? [.. pending] : [];
        var started = Stopwatch.GetTimestamp();
        long? version;
        try
        {
            var json = state is null ? null : _catalog.Serializer.Serialize(state, state.GetType());
            version = await _catalog.Storage
                .TryWriteAsync(GrainId, json, expectedVersion, events, uniqueKeys, _catalog.Clock.GetUtcNow(), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The grain's in-memory state holds changes that were not stored: drop it after this
            // call, even if the grain catches this exception and answers something else.
            _deactivateAfterTurn ??= DeactivationReason.WriteFailed;
            throw;
        }

        _catalog.Instruments.RecordStorageWrite(Type, Stopwatch.GetElapsedTime(started));

        if (version is null)
        {
            _catalog.Instruments.StorageConflict(Type);
            _deactivateAfterTurn = DeactivationReason.StateConflict;
            _pendingEvents?.Clear();
            throw new InconsistentStateException(
                $"The stored state of {Description} is no longer version {expectedVersion}: another writer changed it. " +
                "Nothing was written; this activation is dropped and the next call reloads the state.");
        }

        if (events.Count > 0)
        {
            _pendingEvents!.RemoveRange(0, events.Count);
            _catalog.Signals.Published(events);
        }

        return version.Value;
    }

    public void PublishToStream<T>(StreamId stream, T item)
    {
        EnsureInTurn("publish to a stream");
        ArgumentNullException.ThrowIfNull(item);
        ArgumentException.ThrowIfNullOrEmpty(stream.Namespace);
        ArgumentException.ThrowIfNullOrEmpty(stream.Key);
        string payload;
        try
        {
            payload = _catalog.Serializer.Serialize(item, typeof(T));
        }
        catch (Exception)
        {
            // Publishing comes after the grain changed its state for the event: forget those changes.
            _deactivateAfterTurn ??= DeactivationReason.CallFailed;
            throw;
        }

        (_pendingEvents ??= []).Add(new OutboundStreamEvent(
            stream, StreamPartitioner.PartitionOf(stream), item.GetType().Name, payload, _catalog.Clock.GetUtcNow(), GrainId));
    }

    /// <summary>At the end of a successful call: commits events that no state write carried.</summary>
    public async Task CommitPendingEventsAsync()
    {
        if (_pendingEvents is not { Count: > 0 } pending)
        {
            return;
        }

        IReadOnlyList<OutboundStreamEvent> events = [.. pending];
        await _catalog.Storage.AppendEventsAsync(events, CancellationToken.None).ConfigureAwait(false);
        pending.Clear();
        _catalog.Signals.Published(events);
    }

    /// <summary>
    /// A failed call publishes nothing it had not already committed, and leaves no trace in memory:
    /// unless the grain refused before changing anything (<see cref="IGrainRefusal"/>), the
    /// activation is dropped after the call and the next call reloads the stored state.
    /// </summary>
    public void OnCallFailed(Exception error)
    {
        _pendingEvents?.Clear();
        if (error is InconsistentStateException)
        {
            _deactivateAfterTurn = DeactivationReason.StateConflict;
        }
        else if (error is not IGrainRefusal)
        {
            _deactivateAfterTurn ??= DeactivationReason.CallFailed;
        }
    }

    public async Task RegisterOrUpdateReminderAsync(string name, TimeSpan dueTime, TimeSpan? period)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!Type.IsRemindable)
        {
            throw new InvalidOperationException($"{Type.GrainClass.Name} must implement IRemindable to register reminders.");
        }

        if (name.Length > 200)
        {
            throw new ArgumentException("A reminder name has at most 200 characters.", nameof(name));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(dueTime, TimeSpan.Zero);
        if (period is { } every && every < _catalog.Options.ReminderMinimumPeriod)
        {
            throw new ArgumentOutOfRangeException(
                nameof(period), every, $"A reminder period is at least {_catalog.Options.ReminderMinimumPeriod}.");
        }

        var now = _catalog.Clock.GetUtcNow();
        await _catalog.Reminders.UpsertAsync(GrainId, name, now + dueTime, period, now, CancellationToken.None)
            .ConfigureAwait(false);
        _catalog.ReminderWake.Set();
    }

    public Task<bool> UnregisterReminderAsync(string name) =>
        _catalog.Reminders.DeleteAsync(GrainId, name, CancellationToken.None);

    public void DeactivateOnIdle()
    {
        if (_inTurn)
        {
            _deactivateAfterTurn ??= DeactivationReason.ApplicationRequested;
        }
        else
        {
            RequestDeactivation(DeactivationReason.ApplicationRequested);
        }
    }

    /// <summary>
    /// State and streams belong to the grain's turns: work the grain started in the background
    /// (a fire-and-forget task) would race the next call, so it is refused.
    /// </summary>
    private void EnsureInTurn(string action)
    {
        if (!_inTurn)
        {
            throw new InvalidOperationException(
                $"{Description} tried to {action} outside one of its own calls; do that work inside a grain call.");
        }
    }
}
