using Lottopar.Providers.PostgreSql.Streams;

namespace Lottopar.Providers.PostgreSql.Storage;

/// <summary>
/// Where grain state and the events published with it are kept. A write is all or nothing:
/// the state and its events commit together, or neither does.
/// </summary>
public interface IStateStore
{
    /// <summary>The stored state, or null when the grain never wrote any.</summary>
    Task<StoredGrainState?> ReadAsync(StoredGrainId grain, CancellationToken cancellationToken);

    /// <summary>
    /// Stores <paramref name="stateJson"/> (null clears it) if the stored version is still
    /// <paramref name="expectedVersion"/>, together with <paramref name="events"/> and (when not
    /// null) the grain's <paramref name="uniqueKeys"/>, in one transaction. Returns the new version,
    /// or null when the version did not match; throws <see cref="UniqueKeyConflictException"/> when
    /// another grain holds a key. Either way nothing is written.
    /// </summary>
    Task<long?> TryWriteAsync(
        StoredGrainId grain,
        string? stateJson,
        long expectedVersion,
        IReadOnlyList<OutboundStreamEvent> events,
        IReadOnlyCollection<UniqueKey>? uniqueKeys,
        DateTimeOffset now,
        CancellationToken cancellationToken);

    /// <summary>Commits events published by a call that wrote no state.</summary>
    Task AppendEventsAsync(IReadOnlyList<OutboundStreamEvent> events, CancellationToken cancellationToken);
}

/// <param name="Json">The state, or null when it was cleared (the version still counts).</param>
public sealed record StoredGrainState(string? Json, long Version);
