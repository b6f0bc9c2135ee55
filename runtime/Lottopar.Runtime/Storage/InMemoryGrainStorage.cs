using Lottopar.Runtime.Streams;

namespace Lottopar.Runtime.Storage;

/// <summary>
/// Grain state, the stream log and checkpoints in process memory, with the same version and
/// all-or-nothing rules as PostgreSQL. For unit tests of grain logic only: nothing survives the process.
/// </summary>
public sealed class InMemoryGrainStorage : IGrainStorage, IStreamLog, IUniqueKeyDirectory
{
    private readonly Lock _lock = new();
    private readonly Dictionary<GrainId, StoredGrainState> _states = [];
    private readonly Dictionary<UniqueKey, GrainId> _keys = [];
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
        GrainId grain,
        string? stateJson,
        long expectedVersion,
        IReadOnlyList<OutboundStreamEvent> events,
        IReadOnlyCollection<UniqueKey>? uniqueKeys,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var storedVersion = _states.GetValueOrDefault(grain)?.Version ?? 0;
            if (storedVersion != expectedVersion)
            {
                return Task.FromResult<long?>(null);
            }

            if (uniqueKeys is not null)
            {
                var conflicts = uniqueKeys
                    .Where(k => _keys.TryGetValue(k, out var holder) && holder != grain)
                    .Select(k => new UniqueKeyConflict(k.Scope, k.Value, _keys[k]))
                    .ToList();
                if (conflicts.Count > 0)
                {
                    throw new UniqueKeyConflictException(conflicts);
                }

                foreach (var released in _keys.Where(k => k.Value == grain && !uniqueKeys.Contains(k.Key)).Select(k => k.Key).ToList())
                {
                    _keys.Remove(released);
                }

                foreach (var key in uniqueKeys)
                {
                    _keys[key] = grain;
                }
            }

            _states[grain] = new StoredGrainState(stateJson, expectedVersion + 1);
            Append(events);
            return Task.FromResult<long?>(expectedVersion + 1);
        }
    }

    public Task<GrainId?> FindAsync(string scope, string value, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_keys.TryGetValue(new UniqueKey(scope, value), out var holder) ? holder : (GrainId?)null);
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
