namespace Lottopar.Providers.PostgreSql.Streams;

/// <summary>
/// The read side of the durable stream log, used by delivery. A reader reads and checkpoints a
/// partition through the <see cref="PartitionLock"/> it holds, on the lock's own session: without
/// the lock at that moment, nothing is read and no checkpoint moves. The overloads without a lock
/// read on any connection, for tools and tests.
/// </summary>
public interface IStreamLog
{
    /// <summary>
    /// Events of one namespace and partition after <paramref name="after"/>, in delivery order,
    /// limited to those that can no longer be preceded by an event still being committed.
    /// </summary>
    Task<StreamLogBatch> ReadAfterAsync(string streamNamespace, int partition, StreamPosition after, int maxCount, CancellationToken cancellationToken);

    /// <summary><see cref="ReadAfterAsync(string, int, StreamPosition, int, CancellationToken)"/> of the owner's partition, on its lock's session.</summary>
    Task<StreamLogBatch> ReadAfterAsync(PartitionLock owner, string streamNamespace, StreamPosition after, int maxCount, CancellationToken cancellationToken);

    Task<StreamPosition> ReadCheckpointAsync(string subscription, int partition, CancellationToken cancellationToken);

    /// <summary>The owner's checkpoint, read on its lock's session.</summary>
    Task<StreamPosition> ReadCheckpointAsync(PartitionLock owner, CancellationToken cancellationToken);

    /// <summary>Moves the owner's checkpoint forward (never back), on its lock's session.</summary>
    Task SaveCheckpointAsync(PartitionLock owner, StreamPosition position, DateTimeOffset now, CancellationToken cancellationToken);

    Task DeadLetterAsync(string subscription, StoredStreamEvent streamEvent, string error, int attempts, DateTimeOffset now, CancellationToken cancellationToken);
}

/// <summary>An event as committed in the log.</summary>
public sealed record StoredStreamEvent(StreamPosition Position, StreamId Stream, string EventType, string Payload, DateTimeOffset PublishedAt);

/// <param name="Events">Deliverable events, in order.</param>
/// <param name="MoreInFlight">Newer events exist but an older transaction is still open: read again shortly.</param>
public sealed record StreamLogBatch(IReadOnlyList<StoredStreamEvent> Events, bool MoreInFlight);
