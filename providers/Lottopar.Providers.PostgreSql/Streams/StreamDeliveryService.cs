using Lottopar.Providers.PostgreSql.Outages;
using Lottopar.Providers.PostgreSql.Metrics;
using Lottopar.Providers.PostgreSql.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Lottopar.Providers.PostgreSql.Streams;

/// <summary>
/// Runs the stream log's delivery: one loop per subscription and partition, each reading in log
/// order, handing the batch to its subscription, then saving its checkpoint. A crash between
/// delivery and checkpoint delivers the batch again: delivery is at least once.
/// A loop delivers only while it owns its partition, a <see cref="PartitionLock"/> it reads and
/// checkpoints through, so with several silos each (subscription, partition) has one owner at a
/// time; the others ask for the lock every <see cref="ProviderOptions.StreamOwnershipRetry"/> and
/// read nothing meanwhile. An owner that stops lets go at once; one that dies or loses its
/// connection loses the lock with its session, and another silo takes over from the checkpoint.
/// </summary>
internal sealed partial class StreamDeliveryService(
    IEnumerable<StreamSubscription> subscriptions,
    NpgsqlDataSource dataSource,
    IStreamLog log,
    DeliveryShares shares,
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
            .Append(shares.RunAsync(stoppingToken))
            .ToList();
        return Task.WhenAll(loops);
    }

    private async Task RunPartitionAsync(StreamSubscription subscription, int partition, CancellationToken stoppingToken)
    {
        using var wake = signals.Subscribe(subscription.Namespace, partition);
        PartitionLock? owner = null;
        var position = StreamPosition.Start;
        var outage = new Outage(logger, database, $"Delivery of {subscription.Name} partition {partition}", FirstRetry, LongestRetry);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    if (owner is null)
                    {
                        // This silo has its share, or another silo delivers this partition: ask again later, read nothing meanwhile.
                        owner = shares.MayTake(subscription.Name)
                            ? await PartitionLock.TryTakeAsync(dataSource, subscription.Name, partition, logger, stoppingToken).ConfigureAwait(false)
                            : null;
                        if (owner is null)
                        {
                            outage.Succeeded();
                            await Pause.ForAsync(_options.StreamOwnershipRetry, stoppingToken).ConfigureAwait(false);
                            continue;
                        }

                        shares.Took(subscription.Name);
                        // Whatever the previous owner delivered is behind its checkpoint: read it now, not before.
                        position = await log.ReadCheckpointAsync(owner, stoppingToken).ConfigureAwait(false);
                        LogOwned(subscription.Name, partition, position.TransactionId, position.EventId);
                    }

                    var batch = await log.ReadAfterAsync(owner, subscription.Namespace, position, _options.StreamBatchSize, stoppingToken)
                        .ConfigureAwait(false);
                    if (batch.Events.Count > 0)
                    {
                        await subscription.DeliverAsync(batch.Events, _delivery, stoppingToken).ConfigureAwait(false);
                        position = batch.Events[^1].Position;
                        await log.SaveCheckpointAsync(owner, position, clock.GetUtcNow(), stoppingToken).ConfigureAwait(false);
                        outage.Succeeded();
                        continue;
                    }

                    // A round went through (read, and delivered and checkpointed if there was anything).
                    outage.Succeeded();

                    // Caught up, and another silo has come to share the work: hand this partition over.
                    if (!batch.MoreInFlight && shares.TryHandBack(subscription.Name))
                    {
                        await owner.DisposeAsync().ConfigureAwait(false);
                        owner = null;
                        await Pause.ForAsync(_options.StreamOwnershipRetry * 2, stoppingToken).ConfigureAwait(false);
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
                    // The lock may have gone with its session (another silo may own the partition by now):
                    // let it go, then take it again, or find it taken, and read from the checkpoint.
                    await ReleaseAsync(subscription, owner).ConfigureAwait(false);
                    owner = null;

                    // The loop must outlive a database outage.
                    await Pause.ForAsync(outage.Failed(error), stoppingToken).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            // A silo that stops hands its partitions over at once.
            await ReleaseAsync(subscription, owner).ConfigureAwait(false);
        }
    }

    private async Task ReleaseAsync(StreamSubscription subscription, PartitionLock? owner)
    {
        if (owner is not null)
        {
            shares.Released(subscription.Name);
            await owner.DisposeAsync().ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Delivery of {Subscription} partition {Partition}: this silo owns it now, from ({TransactionId}, {EventId}).")]
    private partial void LogOwned(string subscription, int partition, long transactionId, long eventId);
}
