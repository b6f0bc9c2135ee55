using Lottopar.Providers.PostgreSql.Streams;
using Orleans.Runtime;
using StreamId = Lottopar.Providers.Abstractions.StreamId;

namespace Lottopar.Providers.PostgreSql.Storage;

/// <summary>
/// <see cref="IStreamEventLog"/> on the platform's stream log: one insert into
/// <c>stream_events</c>, through the same storage (and pool) as the state writes.
/// </summary>
public sealed class StreamEventLog(IStateStore storage, IGrainSerializer serializer) : IStreamEventLog
{
    public Task AppendAsync<T>(GrainId publisher, StreamId stream, string eventName, T payload, DateTimeOffset publishedAt) where T : notnull
    {
        ArgumentException.ThrowIfNullOrEmpty(stream.Namespace);
        ArgumentException.ThrowIfNullOrEmpty(stream.Key);
        ArgumentException.ThrowIfNullOrEmpty(eventName);
        var row = PostgresGrainStorageProvider.RowOf(GrainStorageNames.State, publisher);
        return storage.AppendEventsAsync(
            [new OutboundStreamEvent(stream, StreamPartitioner.PartitionOf(stream), eventName, serializer.Serialize(payload, typeof(T)), publishedAt, row)],
            CancellationToken.None);
    }
}
