namespace Lottopar.Providers.PostgreSql.Streams;

/// <summary>The read side of the durable stream log, used by delivery.</summary>
public interface IStreamLog
{
    /// <summary>
    /// Events of one namespace and partition after <paramref name="after"/>, in delivery order,
    /// limited to those that can no longer be preceded by an event still being committed.
    /// </summary>
    Task<StreamLogBatch> ReadAfterAsync(string streamNamespace, int partition, StreamPosition after, int maxCount, CancellationToken cancellationToken);

    Task<StreamPosition> ReadCheckpointAsync(string subscription, int partition, CancellationToken cancellationToken);

    /// <summary>Moves the checkpoint forward (never back).</summary>
    Task SaveCheckpointAsync(string subscription, int partition, StreamPosition position, DateTimeOffset now, CancellationToken cancellationToken);

    Task DeadLetterAsync(string subscription, StoredStreamEvent streamEvent, string error, int attempts, DateTimeOffset now, CancellationToken cancellationToken);
}

/// <summary>An event as committed in the log.</summary>
public sealed record StoredStreamEvent(StreamPosition Position, StreamId Stream, string EventType, string Payload, DateTimeOffset PublishedAt);

/// <param name="Events">Deliverable events, in order.</param>
/// <param name="MoreInFlight">Newer events exist but an older transaction is still open: read again shortly.</param>
public sealed record StreamLogBatch(IReadOnlyList<StoredStreamEvent> Events, bool MoreInFlight);
