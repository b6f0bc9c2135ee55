using Lottopar.Runtime.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Lottopar.Runtime.Streams;

/// <summary>
/// Delivers each event to the grain a rule picks (for example "the integrity grain of the event's
/// operator"), as an ordinary call of that grain. Different streams of a batch go in parallel;
/// each stream's events go in order.
/// </summary>
internal sealed class GrainStreamSubscription<TConsumer, TEvent>(string name, string streamNamespace, Func<StreamId, TEvent, string> targetKey)
    : StreamSubscription(name, streamNamespace)
    where TConsumer : IStreamConsumerGrain<TEvent>
{
    internal override void Validate(IServiceProvider services) =>
        services.GetRequiredService<GrainTypeRegistry>().ForInterface(typeof(TConsumer));

    internal override Task DeliverAsync(IReadOnlyList<StoredStreamEvent> batch, StreamDelivery delivery, CancellationToken cancellationToken)
    {
        var streams = batch.GroupBy(e => e.Stream.Key).ToList();
        if (streams.Count == 1)
        {
            return DeliverInOrderAsync(streams[0], delivery, cancellationToken);
        }

        var parallel = new ParallelOptions { MaxDegreeOfParallelism = delivery.Options.StreamDeliveryParallelism, CancellationToken = cancellationToken };
        return Parallel.ForEachAsync(streams, parallel, (stream, token) => new ValueTask(DeliverInOrderAsync(stream, delivery, token)));
    }

    private async Task DeliverInOrderAsync(IEnumerable<StoredStreamEvent> stream, StreamDelivery delivery, CancellationToken cancellationToken)
    {
        foreach (var streamEvent in stream)
        {
            TEvent item;
            try
            {
                item = delivery.Read<TEvent>(streamEvent);
            }
            catch (Exception error) when (StreamDelivery.IsUnreadable(error))
            {
                await delivery.DeadLetterAsync(this, streamEvent, error, attempts: 1, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var info = new StreamEventInfo(streamEvent.Stream, streamEvent.Position, streamEvent.PublishedAt);
            var consumer = delivery.Grains.GetGrain<TConsumer>(targetKey(streamEvent.Stream, item));
            var failure = await delivery.WithRetriesAsync(this, $"event {streamEvent.Position}", () => consumer.OnNextAsync(item, info), cancellationToken)
                .ConfigureAwait(false);
            if (failure is null)
            {
                delivery.Delivered(this, streamEvent);
            }
            else
            {
                await delivery.DeadLetterAsync(this, streamEvent, failure, delivery.Options.StreamMaxAttempts, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
