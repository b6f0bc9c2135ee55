using Lottopar.Runtime.Streams;

namespace Lottopar.Runtime.Storage;

/// <summary>
/// Grain state, the stream log and checkpoints in process memory, with the same version and
/// all-or-nothing rules as PostgreSQL. For unit tests of grain logic only: nothing survives the process.
/// </summary>
public sealed class InMemoryGrainStorage : IGrainStorage, IStreamLog
{
    private readonly Lock _lock = new();
    private readonly Dictionary<GrainId, StoredGrainState> _states = [];
    private readonly List<StoredStreamEvent> _events = [];
    private readonly Dictionary<(string Subscription, int Partition), StreamPosition> _checkpoints = [];
    private readonly List<(string Subscription, StoredStreamEvent Event, string Error)> _deadLetters = [];

    /// <summary>Every event committed so far, in commit order.</summary>
    public IReadOnlyList<StoredStreamEvent> Events
    {
        get
        {
            lock (_lock)
            {
                return [.. _events];
            }
        }
    }

    public IReadOnlyList<(string Subscription, StoredStreamEvent Event, string Error)> DeadLetters
    {
        get
        {
            lock (_lock)
            {
                return [.. _deadLetters];
            }
        }
    }

    public Task<StoredGrainState?> ReadAsync(GrainId grain, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_states.GetValueOrDefault(grain));
        }
    }

    public Task<long?> TryWriteAsync(
        GrainId grain, string? stateJson, long expectedVersion, IReadOnlyList<OutboundStreamEvent> events, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var storedVersion = _states.GetValueOrDefault(grain)?.Version ?? 0;
            if (storedVersion != expectedVersion)
            {
                return Task.FromResult<long?>(null);
            }

            _states[grain] = new StoredGrainState(stateJson, expectedVersion + 1);
            Append(events);
            return Task.FromResult<long?>(expectedVersion + 1);
        }
    }

    public Task AppendEventsAsync(IReadOnlyList<OutboundStreamEvent> events, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            Append(events);
        }

        return Task.CompletedTask;
    }

    public Task<StreamLogBatch> ReadAfterAsync(string streamNamespace, int partition, StreamPosition after, int maxCount, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var batch = _events
                .Where(e => e.Stream.Namespace == streamNamespace && StreamPartitioner.PartitionOf(e.Stream) == partition && e.Position > after)
                .Take(maxCount)
                .ToList();
            return Task.FromResult(new StreamLogBatch(batch, MoreInFlight: false));
        }
    }

    public Task<StreamPosition> ReadCheckpointAsync(string subscription, int partition, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_checkpoints.GetValueOrDefault((subscription, partition), StreamPosition.Start));
        }
    }

    public Task SaveCheckpointAsync(string subscription, int partition, StreamPosition position, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (position > _checkpoints.GetValueOrDefault((subscription, partition), StreamPosition.Start))
            {
                _checkpoints[(subscription, partition)] = position;
            }
        }

        return Task.CompletedTask;
    }

    public Task DeadLetterAsync(string subscription, StoredStreamEvent streamEvent, string error, int attempts, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _deadLetters.Add((subscription, streamEvent, error));
        }

        return Task.CompletedTask;
    }

    private void Append(IReadOnlyList<OutboundStreamEvent> events)
    {
        // One "transaction" per write: the position's first half plays the transaction id.
        var transaction = _events.Count + 1L;
        foreach (var e in events)
        {
            _events.Add(new StoredStreamEvent(new StreamPosition(transaction, _events.Count + 1L), e.Stream, e.EventType, e.Payload, e.PublishedAt));
        }
    }
}
