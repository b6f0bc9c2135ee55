using System.Diagnostics;
using System.Globalization;
using Lottopar.Providers.PostgreSql.Metrics;
using Lottopar.Providers.PostgreSql.Streams;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;

namespace Lottopar.Providers.PostgreSql.Storage;

/// <summary>
/// Orleans grain storage on the platform's PostgreSQL tables (<c>grain_state</c>,
/// <c>stream_events</c>, <c>grain_unique_keys</c>), through <see cref="PostgresStateStore"/>:
/// concurrent writes of different grains share one statement and one commit (group commit),
/// concurrent first reads share one query, and a write carries the state's outbox and unique keys
/// in the same statement. The ETag is the row's version: a write whose version moved on (another
/// activation wrote first, or an earlier attempt committed and its answer was lost) throws
/// <see cref="InconsistentStateException"/> and writes nothing, so Orleans drops the activation.
/// </summary>
/// <remarks>
/// Rows are keyed by the grain's type name and key as Orleans gives them, the key never parsed
/// (the stock ADO.NET provider stores an all-hex string key as a number). A grain with more than
/// one persistent state stores each under "type/stateName"; the default state name
/// (<see cref="GrainStorageNames.State"/>) under the type alone.
/// </remarks>
public sealed class PostgresGrainStorageProvider(
    IStateStore storage,
    IGrainSerializer serializer,
    ProviderInstruments instruments,
    TimeProvider clock) : Orleans.Storage.IGrainStorage
{
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var stored = await storage.ReadAsync(RowOf(stateName, grainId), CancellationToken.None).ConfigureAwait(false);
        if (stored is null)
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }

        grainState.State = stored.Json is null ? Activator.CreateInstance<T>() : (T)serializer.Deserialize(stored.Json, typeof(T))!;
        grainState.ETag = stored.Version.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = stored.Json is not null;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var state = grainState.State ?? throw new ArgumentException("A grain state to write cannot be null; clear it instead.", nameof(grainState));
        return WriteAsync(stateName, grainId, grainState, serializer.Serialize(state, typeof(T)), state, exists: true);
    }

    /// <summary>Clears the state; the version keeps growing, so a stale writer still fails. Unique keys are released.</summary>
    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        WriteAsync(stateName, grainId, grainState, json: null, grainState.State, exists: false);

    private async Task WriteAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, string? json, object? state, bool exists)
    {
        var row = RowOf(stateName, grainId);
        var outbox = (state as IHasOutbox)?.Outbox;
        var events = outbox is null ? [] : EventsOf(outbox, row);
        IReadOnlyCollection<Lottopar.Providers.Abstractions.UniqueKey>? keys = state is IHoldsUniqueKeys holder ? (exists ? holder.UniqueKeys : []) : null;
        var expected = grainState.ETag is null ? 0 : long.Parse(grainState.ETag, CultureInfo.InvariantCulture);
        var started = Stopwatch.GetTimestamp();
        var written = await storage.TryWriteAsync(row, json, expected, events, keys, clock.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
        var grainType = GrainTypeTags.Of(grainId.Type);
        instruments.RecordStorageWrite(grainType, Stopwatch.GetElapsedTime(started));
        if (written is null)
        {
            instruments.StorageConflict(grainType);
        }

        var version = written
            ?? throw new InconsistentStateException(
                $"The stored state of {grainId} is no longer version {expected}: another activation wrote it, or an earlier attempt of this write committed.",
                storedEtag: null,
                currentEtag: grainState.ETag);
        outbox?.Clear();
        grainState.ETag = version.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = exists;
        if (!exists)
        {
            grainState.State = Activator.CreateInstance<T>();
        }
    }

    /// <summary>Serialises the queued events now, in the order they were published.</summary>
    private List<OutboundStreamEvent> EventsOf(GrainOutbox outbox, StoredGrainId publisher) =>
        [.. outbox.Pending.Select(e => new OutboundStreamEvent(
            e.Stream,
            StreamPartitioner.PartitionOf(e.Stream),
            e.EventName,
            serializer.Serialize(e.Payload, e.PayloadType),
            e.PublishedAt,
            publisher))];

    /// <summary>The (grain_type, grain_key) row of a grain's state.</summary>
    public static StoredGrainId RowOf(string stateName, GrainId grainId)
    {
        var type = grainId.Type.ToString()!;
        return new StoredGrainId(stateName == GrainStorageNames.State ? type : $"{type}/{stateName}", grainId.Key.ToString()!);
    }
}
