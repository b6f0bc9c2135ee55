using Lottopar.Runtime.Core;
using Lottopar.Runtime.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lottopar.Runtime.Streams;

/// <summary>
/// Delivers the stream log to subscriptions: one loop per subscription and partition, each
/// reading in log order, delivering a batch (different streams in parallel, each stream in
/// order), then saving its checkpoint. A crash between delivery and checkpoint redelivers the
/// batch: delivery is at least once.
/// </summary>
internal sealed class StreamDeliveryService(
    IEnumerable<StreamSubscription> subscriptions,
    IStreamLog log,
    StreamSignals signals,
    IGrainFactory grainFactory,
    RuntimeInstruments instruments,
    TimeProvider clock,
    IOptions<ActorRuntimeOptions> options,
    ILogger<StreamDeliveryService> logger) : BackgroundService
{
    private static readonly TimeSpan ErrorBackoff = TimeSpan.FromSeconds(1);
    private readonly ActorRuntimeOptions _options = options.Value;

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var loops = subscriptions
            .SelectMany(s => Enumerable.Range(0, StreamPartitioner.PartitionCount).Select(p => RunPartitionAsync(s, p, stoppingToken)))
            .ToList();
        return Task.WhenAll(loops);
    }

    private async Task RunPartitionAsync(StreamSubscription subscription, int partition, CancellationToken stoppingToken)
    {
        using var wake = signals.Subscribe(subscription.Namespace, partition);
        StreamPosition? position = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                position ??= await log.ReadCheckpointAsync(subscription.Name, partition, stoppingToken).ConfigureAwait(false);
                var batch = await log.ReadAfterAsync(subscription.Namespace, partition, position.Value, _options.StreamBatchSize, stoppingToken)
                    .ConfigureAwait(false);
                if (batch.Events.Count > 0)
                {
                    await DeliverBatchAsync(subscription, batch.Events, stoppingToken).ConfigureAwait(false);
                    position = batch.Events[^1].Position;
                    await log.SaveCheckpointAsync(subscription.Name, partition, position.Value, clock.GetUtcNow(), stoppingToken)
                        .ConfigureAwait(false);
                    continue;
                }

                var wait = batch.MoreInFlight ? _options.StreamInFlightRecheck : _options.StreamPollInterval;
                await wake.WaitAsync(wait, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error)
            {
                // The loop must outlive a database outage; the batch is read again from the checkpoint.
                logger.LogError(error, "Delivery of {Subscription} partition {Partition} failed; retrying", subscription.Name, partition);
                await Pause.ForAsync(ErrorBackoff, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private Task DeliverBatchAsync(StreamSubscription subscription, IReadOnlyList<StoredStreamEvent> events, CancellationToken stoppingToken)
    {
        var streams = events.GroupBy(e => e.Stream.Key).ToList();
        if (streams.Count == 1)
        {
            return DeliverInOrderAsync(subscription, streams[0], stoppingToken);
        }

        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.StreamDeliveryParallelism, CancellationToken = stoppingToken };
        return Parallel.ForEachAsync(streams, parallel, (stream, token) => new ValueTask(DeliverInOrderAsync(subscription, stream, token)));
    }

    private async Task DeliverInOrderAsync(StreamSubscription subscription, IEnumerable<StoredStreamEvent> stream, CancellationToken stoppingToken)
    {
        foreach (var streamEvent in stream)
        {
            await DeliverAsync(subscription, streamEvent, stoppingToken).ConfigureAwait(false);
        }
    }

    private async Task DeliverAsync(StreamSubscription subscription, StoredStreamEvent streamEvent, CancellationToken stoppingToken)
    {
        Func<Task> delivery;
        try
        {
            delivery = subscription.PrepareDelivery(grainFactory, streamEvent);
        }
        catch (Exception error) when (error is System.Text.Json.JsonException or InvalidDataException or NotSupportedException)
        {
            await DeadLetterAsync(subscription, streamEvent, error, attempts: 1, stoppingToken).ConfigureAwait(false);
            return;
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await delivery().ConfigureAwait(false);
                instruments.Delivered(subscription, clock.GetUtcNow() - streamEvent.PublishedAt);
                return;
            }
            catch (Exception error) when (!stoppingToken.IsCancellationRequested)
            {
                instruments.DeliveryFailed(subscription);
                if (attempt >= _options.StreamMaxAttempts)
                {
                    await DeadLetterAsync(subscription, streamEvent, error, attempt, stoppingToken).ConfigureAwait(false);
                    return;
                }

                logger.LogWarning("Delivery of event {Position} on {Subscription} failed (attempt {Attempt}): {Error}",
                    streamEvent.Position, subscription.Name, attempt, error.Message);
                await Task.Delay(_options.StreamRetryDelay * Math.Pow(2, attempt - 1), stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async Task DeadLetterAsync(StreamSubscription subscription, StoredStreamEvent streamEvent, Exception error, int attempts, CancellationToken stoppingToken)
    {
        logger.LogError(error, "Event {Position} of stream namespace {Namespace} dead-lettered on {Subscription} after {Attempts} attempts",
            streamEvent.Position, streamEvent.Stream.Namespace, subscription.Name, attempts);
        instruments.DeadLettered(subscription);
        await log.DeadLetterAsync(subscription.Name, streamEvent, $"{error.GetType().Name}: {error.Message}", attempts, clock.GetUtcNow(), stoppingToken)
            .ConfigureAwait(false);
    }
}
