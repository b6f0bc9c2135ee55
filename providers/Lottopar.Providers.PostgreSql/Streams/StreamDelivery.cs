using Lottopar.Providers.PostgreSql.Outages;
using Lottopar.Providers.PostgreSql.Metrics;
using Lottopar.Providers.PostgreSql.Storage;
using Microsoft.Extensions.Logging;

namespace Lottopar.Providers.PostgreSql.Streams;

/// <summary>What subscriptions share when delivering: retries, dead letters, metrics, services.</summary>
internal sealed class StreamDelivery(
    IStreamLog log,
    IServiceProvider services,
    IGrainSerializer serializer,
    ProviderInstruments instruments,
    TimeProvider clock,
    ProviderOptions options,
    ILogger logger)
{
    /// <summary>A stored payload as its event, read by the serialiser that wrote it.</summary>
    public TEvent Read<TEvent>(StoredStreamEvent stored) =>
        serializer.Deserialize(stored.Payload, typeof(TEvent)) is TEvent item
            ? item
            : throw new InvalidDataException($"Event {stored.Position} has an empty payload.");

    public IServiceProvider Services => services;

    public ProviderOptions Options => options;

    /// <summary>A payload that can never be read: retrying would not help.</summary>
    public static bool IsUnreadable(Exception error) =>
        error is System.Text.Json.JsonException or InvalidDataException or NotSupportedException;

    public void Delivered(StreamSubscription subscription, StoredStreamEvent streamEvent) =>
        instruments.Delivered(subscription, clock.GetUtcNow() - streamEvent.PublishedAt);

    /// <summary>
    /// Runs a delivery, retrying failures with a doubling delay up to the configured attempts.
    /// Returns null on success, or the last failure. A database outage is not the event's fault:
    /// it is thrown to the partition's loop, which reports it once for the silo and reads the
    /// batch again from its checkpoint when PostgreSQL is back, so nothing is dead-lettered for it.
    /// </summary>
    public async Task<Exception?> WithRetriesAsync(StreamSubscription subscription, string what, Func<Task> deliver, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await deliver().ConfigureAwait(false);
                return null;
            }
            catch (Exception error) when (!cancellationToken.IsCancellationRequested && !DatabaseOutage.IsOutage(error))
            {
                instruments.DeliveryFailed(subscription);
                if (attempt >= options.StreamMaxAttempts)
                {
                    return error;
                }

                logger.LogWarning("Delivery of {What} on {Subscription} failed (attempt {Attempt}): {Error}", what, subscription.Name, attempt, error.Message);
                await Task.Delay(options.StreamRetryDelay * Math.Pow(2, attempt - 1), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public async Task DeadLetterAsync(StreamSubscription subscription, StoredStreamEvent streamEvent, Exception error, int attempts, CancellationToken cancellationToken)
    {
        logger.LogError(error, "Event {Position} of stream namespace {Namespace} dead-lettered on {Subscription} after {Attempts} attempts",
            streamEvent.Position, streamEvent.Stream.Namespace, subscription.Name, attempts);
        instruments.DeadLettered(subscription);
        await log.DeadLetterAsync(subscription.Name, streamEvent, $"{error.GetType().Name}: {error.Message}", attempts, clock.GetUtcNow(), cancellationToken)
            .ConfigureAwait(false);
    }
}
