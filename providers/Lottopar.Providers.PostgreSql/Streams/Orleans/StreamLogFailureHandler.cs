using Lottopar.Providers.PostgreSql.Outages;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Streams;
using OrleansStreamId = Orleans.Runtime.StreamId;
using StreamId = Lottopar.Providers.Abstractions.StreamId;

namespace Lottopar.Providers.PostgreSql.Streams.Orleans;

/// <summary>
/// What Orleans calls when it gives up delivering an event to a subscription (after retrying for
/// <c>MaxEventDeliveryTime</c>): it gives only the subscription, the stream and the token, then
/// moves the subscription on. The event goes to <c>stream_dead_letters</c> under
/// <c>orleans:{provider}:{subscription}</c>, keyed by its id (from the token); the subscription is
/// not faulted. Orleans reports neither the error nor its attempts: the row says so, with 0 attempts.
/// While the database is unavailable the write is retried, however long the outage lasts, so
/// that the checkpoint never moves past an event whose dead letter is not written (Orleans waits
/// for this handler before it moves the subscription on). The outage is reported once for the silo;
/// only the silo stopping ends the retries.
/// </summary>
internal sealed partial class StreamLogFailureHandler(
    IStreamLog log,
    StreamLogProviderOptions options,
    TimeProvider clock,
    DatabaseOutage? database,
    ILogger<StreamLogFailureHandler> logger,
    CancellationToken stopping) : IStreamFailureHandler
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan LongestRetry = TimeSpan.FromSeconds(10);

    public bool ShouldFaultSubsriptionOnError => false;

    public async Task OnDeliveryFailure(GuidId subscriptionId, string streamProviderName, OrleansStreamId streamIdentity, StreamSequenceToken? sequenceToken)
    {
        if (sequenceToken is not StreamLogSequenceToken token)
        {
            LogNoToken(streamProviderName, streamIdentity, subscriptionId.Guid);
            return;
        }

        var subscription = SubscriptionName(streamProviderName, subscriptionId);
        var streamEvent = new StoredStreamEvent(
            token.Position, new StreamId(streamIdentity.GetNamespace() ?? "", streamIdentity.GetKeyAsString()), "", "", clock.GetUtcNow());
        var error = $"Orleans gave up delivering to subscription {subscriptionId.Guid} after retrying for up to {options.MaxEventDeliveryTime}; it reports no error.";
        for (var failures = 1; ; failures++)
        {
            try
            {
                await log.DeadLetterAsync(subscription, streamEvent, error, attempts: 0, clock.GetUtcNow(), stopping).ConfigureAwait(false);
                database?.Succeeded();
                LogDeadLettered(streamProviderName, streamIdentity, token.ToString(), subscriptionId.Guid);
                return;
            }
            catch (Exception exception) when ((DatabaseOutage.IsOutage(exception) || exception is TimeoutException) && !stopping.IsCancellationRequested)
            {
                if (database?.TryReport(exception, $"Dead-lettering event {token} of {streamProviderName}") == true)
                {
                    LogRetryingInOutage(streamProviderName, token.ToString(), exception.Message);
                }
                else
                {
                    LogRetrying(exception, streamProviderName, token.ToString());
                }

                await Task.Delay(Backoff.Doubling(failures, FirstRetry, LongestRetry), clock, stopping).ConfigureAwait(false);
            }
        }
    }

    public Task OnSubscriptionFailure(GuidId subscriptionId, string streamProviderName, OrleansStreamId streamIdentity, StreamSequenceToken? sequenceToken)
    {
        LogSubscriptionFailure(streamProviderName, streamIdentity, subscriptionId.Guid, sequenceToken?.ToString());
        return Task.CompletedTask;
    }

    /// <summary>The <c>stream_dead_letters.subscription</c> of an Orleans subscription.</summary>
    public static string SubscriptionName(string providerName, GuidId subscriptionId) => $"orleans:{providerName}:{subscriptionId.Guid:N}";

    [LoggerMessage(Level = LogLevel.Error, Message = "Stream provider {Provider}: event {Token} of {Stream} was not delivered to subscription {Subscription}; dead-lettered.")]
    private partial void LogDeadLettered(string provider, OrleansStreamId stream, string token, Guid subscription);

    [LoggerMessage(Level = LogLevel.Error, Message = "Stream provider {Provider}: a delivery to subscription {Subscription} on {Stream} failed without a token of the stream log; nothing to dead-letter.")]
    private partial void LogNoToken(string provider, OrleansStreamId stream, Guid subscription);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stream provider {Provider}: dead-lettering event {Token} failed; retrying.")]
    private partial void LogRetrying(Exception exception, string provider, string token);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Stream provider {Provider}: dead-lettering event {Token} waits for PostgreSQL ({Error}); retrying.")]
    private partial void LogRetryingInOutage(string provider, string token, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Stream provider {Provider}: subscription {Subscription} on {Stream} failed at {Token}.")]
    private partial void LogSubscriptionFailure(string provider, OrleansStreamId stream, Guid subscription, string? token);
}
