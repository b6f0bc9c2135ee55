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
/// The write is retried until it succeeds or a minute has passed, so that a short database outage
/// does not lose the dead letter while the checkpoint moves past the event.
/// </summary>
internal sealed partial class StreamLogFailureHandler(
    IStreamLog log, StreamLogProviderOptions options, TimeProvider clock, ILogger<StreamLogFailureHandler> logger) : IStreamFailureHandler
{
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(1);

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
        var started = clock.GetUtcNow();
        for (var failures = 1; ; failures++)
        {
            try
            {
                await log.DeadLetterAsync(subscription, streamEvent, error, attempts: 0, clock.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
                LogDeadLettered(streamProviderName, streamIdentity, token.ToString(), subscriptionId.Guid);
                return;
            }
            catch (Exception exception) when (exception is Npgsql.NpgsqlException or TimeoutException && clock.GetUtcNow() - started < GiveUpAfter)
            {
                LogRetrying(exception, streamProviderName, token.ToString());
                await Task.Delay(Backoff.Doubling(failures, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10)), clock).ConfigureAwait(false);
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

    [LoggerMessage(Level = LogLevel.Error, Message = "Stream provider {Provider}: subscription {Subscription} on {Stream} failed at {Token}.")]
    private partial void LogSubscriptionFailure(string provider, OrleansStreamId stream, Guid subscription, string? token);
}
