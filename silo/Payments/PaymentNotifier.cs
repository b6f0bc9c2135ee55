using System.Diagnostics;
using System.Text;
using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Payments;
using Microsoft.Extensions.Options;
using Lottopar.Providers.PostgreSql.Outages;

namespace Lottopar.Silo.Payments;

/// <summary>
/// Delivers the payments outbox to the operators' webhooks: each notification POSTed signed
/// (<see cref="NotificationSignature"/>) until a 2xx, after failures again at growing intervals
/// (5 s doubling to an hour), given up after <see cref="MaxAttempts"/> (about a day). A notification
/// may arrive more than once (a 2xx lost on the way back): receivers deduplicate by its delivery id.
/// </summary>
public sealed class PaymentNotifier(
    PaymentNotifications outbox, Orleans.IGrainFactory grains, IHttpClientFactory httpClients, TimeProvider clock,
    IOptions<PaymentOptions> options, DatabaseOutage database, ILogger<PaymentNotifier> logger) : BackgroundService
{
    public const string HttpClientName = "payment-webhooks";
    public const string DeliveryHeader = "X-Lottopar-Delivery";
    public const int MaxAttempts = 30;
    public const int BatchSize = 50;

    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    /// <returns>How many notifications were attempted.</returns>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var due = await outbox.ClaimDueAsync(clock.GetUtcNow(), Lease, BatchSize, cancellationToken);
        foreach (var notification in due)
        {
            await DeliverAsync(notification, cancellationToken);
        }

        return due.Count;
    }

    /// <summary>After the n-th failed attempt: 5 s, 10 s, 20 s... at most an hour.</summary>
    public static TimeSpan Backoff(int attempts) => TimeSpan.FromSeconds(Math.Min(3600, 5 * Math.Pow(2, Math.Min(attempts - 1, 20))));

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PaymentRounds.RunAsync(async token => await RunOnceAsync(token), () => options.Value.NotifyInterval, "payment notifications", clock, database, logger, stoppingToken);

    private async Task DeliverAsync(DueNotification notification, CancellationToken cancellationToken)
    {
        var webhook = await grains.Keyed<IPaymentWebhookGrain>(notification.Oprid).GetSecretAsync();
        var now = clock.GetUtcNow();
        if (webhook is null)
        {
            await outbox.RecordAttemptAsync(notification, now, null, "no webhook set (PUT /payments/webhook)", TimeSpan.Zero, false,
                notification.Attempts + 1 >= MaxAttempts ? null : now + Backoff(notification.Attempts + 1), cancellationToken);
            return;
        }

        int? status = null;
        string? error = null;
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, webhook.Url) { Content = new StringContent(notification.Body, Encoding.UTF8, "application/json") };
            request.Headers.Add(NotificationSignature.Header, NotificationSignature.Sign(webhook.Secret, now.ToUnixTimeSeconds(), notification.Body));
            request.Headers.Add(DeliveryHeader, notification.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
            status = (int)response.StatusCode;
        }
        catch (Exception failure) when (failure is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            error = failure is TaskCanceledException ? "timed out" : failure.Message;
        }

        var delivered = status is >= 200 and < 300;
        var attempts = notification.Attempts + 1;
        DateTimeOffset? next = delivered || attempts >= MaxAttempts ? null : now + Backoff(attempts);
        await outbox.RecordAttemptAsync(notification, now, status, error ?? (delivered ? null : $"answered {status}"), Stopwatch.GetElapsedTime(started), delivered, next, cancellationToken);
        if (!delivered && next is null)
        {
            logger.LogWarning("Notification {Id} of {Oprid} given up after {Attempts} attempts", notification.Id, notification.Oprid, attempts);
        }
    }
}
