using Lottopar.Providers.PostgreSql.Storage;
using Orleans.Runtime;
using Orleans.Streams;
using OrleansStreamId = Orleans.Runtime.StreamId;

namespace Lottopar.Providers.PostgreSql.Streams.Orleans;

/// <summary>
/// The stream log as an Orleans queue adapter. Producing (<c>IAsyncStream&lt;T&gt;.OnNextAsync</c>)
/// appends to <c>stream_events</c> through the state store, as <see cref="IStreamEventLog"/> does:
/// one insert for the batch, committed when the call returns, under each payload type's
/// <see cref="StreamEventNameAttribute"/>. Consuming is a receiver per queue.
/// </summary>
internal sealed class StreamLogQueueAdapter(
    string name,
    StreamLogQueueMapper mapper,
    IStateStore store,
    IGrainSerializer serializer,
    IGrainContextAccessor grainContext,
    TimeProvider clock,
    Func<QueueId, IQueueAdapterReceiver> receivers) : IQueueAdapter
{
    public string Name => name;

    public bool IsRewindable => false;

    public StreamProviderDirection Direction => StreamProviderDirection.ReadWrite;

    public IQueueAdapterReceiver CreateReceiver(QueueId queueId) => receivers(queueId);

    public Task QueueMessageBatchAsync<T>(OrleansStreamId streamId, IEnumerable<T> events, StreamSequenceToken? token, Dictionary<string, object>? requestContext)
    {
        if (token is not null)
        {
            throw new NotSupportedException("The stream log assigns positions itself: events cannot be produced with a sequence token.");
        }

        var stream = mapper.LogStreamOf(streamId);
        var partition = StreamPartitioner.PartitionOf(stream);
        var publisher = PublisherOf(grainContext.GrainContext?.GrainId);
        var now = clock.GetUtcNow();
        var outbound = events.Select(e =>
        {
            ArgumentNullException.ThrowIfNull(e);
            var type = e.GetType();
            var eventName = StreamEventNameAttribute.Of(type)
                ?? throw new ArgumentException($"{type.Name} has no [StreamEventName]: event names are contracts, never CLR type names.", nameof(events));
            return new OutboundStreamEvent(stream, partition, eventName, serializer.Serialize(e, type), now, publisher);
        }).ToList();
        return outbound.Count == 0 ? Task.CompletedTask : store.AppendEventsAsync(outbound, CancellationToken.None);
    }

    // Produced outside any grain (a client or a silo service): the provider is the publisher.
    private StoredGrainId PublisherOf(GrainId? grain) =>
        grain is { } id ? PostgresGrainStorageProvider.RowOf(GrainStorageNames.State, id) : new StoredGrainId($"stream-provider/{name}", "-");
}
