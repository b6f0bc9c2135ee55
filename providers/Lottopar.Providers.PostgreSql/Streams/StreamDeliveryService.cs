using Lottopar.Providers.PostgreSql.Outages;
using Lottopar.Providers.PostgreSql.Metrics;
using Lottopar.Providers.PostgreSql.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lottopar.Providers.PostgreSql.Streams;

/// <summary>
/// Runs the stream log's delivery: one loop per subscription and partition, each reading in log
/// order, handing the batch to its subscription, then saving its checkpoint. A crash between
/// delivery and checkpoint delivers the batch again: delivery is at least once.
/// </summary>
internal sealed class StreamDeliveryService(
    IEnumerable<StreamSubscription> subscriptions,
    IStreamLog log,
    StreamSignals signals,
    IServiceProvider services,
    IGrainSerializer serializer,
    ProviderInstruments instruments,
    TimeProvider clock,
    IOptions<ProviderOptions> options,
    DatabaseOutage database,
    ILogger<StreamDeliveryService> logger) : BackgroundService
{
    // After a failure the loop waits 1 s, then 2, 4 ... up to 30 s while the failures go on.
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestRetry = TimeSpan.FromSeconds(30);
    private readonly ProviderOptions _options = options.Value;
    private readonly StreamDelivery _delivery = new(log, services, serializer, instruments, clock, options.Value, logger);

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        foreach (var subscription in subscriptions)
        {
            subscription.Validate(services);
        }

        var loops = subscriptions
            .SelectMany(s => Enumerable.Range(0, StreamPartitioner.PartitionCount).Select(p => RunPartitionAsync(s, p, stoppingToken)))
            .ToList();
        return Task.WhenAll(loops);
    }

    private async Task RunPartitionAsync(StreamSubscription subscription, int partition, CancellationToken stoppingToken)
    {
        using var wake = signals.Subscribe(subscription.Namespace, partition);
        StreamPosition? position = null;
        var outage = new Outage(logger, database, $"Delivery of {subscription.Name} partition {partition}", FirstRetry, LongestRetry);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                position ??= await log.ReadCheckpointAsync(subscription.Name, partition, stoppingToken).ConfigureAwait(false);
                var batch = await log.ReadAfterAsync(subscription.Namespace, partition, position.Value, _options.StreamBatchSize, stoppingToken)
                    .ConfigureAwait(false);
                if (batch.Events.Count > 0)
                {
                    await subscription.DeliverAsync(batch.Events, _delivery, stoppingToken).ConfigureAwait(false);
                    position = batch.Events[^1].Position;
                    await log.SaveCheckpointAsync(subscription.Name, partition, position.Value, clock.GetUtcNow(), stoppingToken)
                        .ConfigureAwait(false);
                    outage.Succeeded();
                    continue;
                }

                // A round went through (read, and delivered and checkpointed if there was anything).
                outage.Succeeded();

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
                await Pause.ForAsync(outage.Failed(error), stoppingToken).ConfigureAwait(false);
            }
        }
    }
}
