using System.Net.Http.Headers;
using System.Net.Mail;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Lottopar.Silo.Notifications;

/// <summary>
/// In deliver mode, sends queued messages: e-mail over SMTP, SMS through the configured webhook.
/// A message is claimed with SKIP LOCKED (one silo sends it), retried with a growing delay, and
/// its body, which holds a one-time code, is erased once sent.
/// </summary>
public sealed class NotificationDispatcher(
    NpgsqlDataSource dataSource,
    IHttpClientFactory http,
    IOptions<NotificationOptions> options,
    TimeProvider clock,
    ILogger<NotificationDispatcher> logger) : BackgroundService
{
    private const string ClaimSql = """
        select id, channel, recipient, subject, body, attempts from notification_outbox
        where status = 'pending' and next_attempt_at <= $1
        order by id limit 20
        for update skip locked
        """;

    // Once sent, the body (it holds a one-time code) is erased.
    private const string SentSql = "update notification_outbox set status = 'sent', attempts = $2, sent_at = $3, body = null, last_error = null where id = $1";

    private const string FailedSql = """
        update notification_outbox
        set status = case when $2 >= $4 then 'failed' else 'pending' end, attempts = $2, last_error = $3, next_attempt_at = $5
        where id = $1
        """;

    private readonly NotificationOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_options.Mode != NotificationMode.Deliver)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SendDueAsync(stoppingToken);
            }
            catch (Exception error) when (error is NpgsqlException or TimeoutException)
            {
                logger.LogWarning("Notification dispatch failed ({Error}); retrying", error.Message);
            }

            try
            {
                await Task.Delay(_options.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Sends what is due now; one transaction per batch keeps the claim until the outcome is written.</summary>
    public async Task SendDueAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var due = new List<(long Id, string Channel, string Recipient, string Subject, string Body, int Attempts)>();
        await using (var claim = new NpgsqlCommand(ClaimSql, connection, transaction))
        {
            claim.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = clock.GetUtcNow() });
            await using var reader = await claim.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                due.Add((reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetInt32(5)));
            }
        }

        foreach (var message in due)
        {
            string? error = null;
            try
            {
                await (message.Channel == "email"
                    ? SendEmailAsync(message.Recipient, message.Subject, message.Body, cancellationToken)
                    : SendSmsAsync(message.Recipient, message.Body, cancellationToken));
            }
            catch (Exception failure) when (failure is SmtpException or HttpRequestException or InvalidOperationException or TaskCanceledException)
            {
                error = failure.Message;
                logger.LogWarning("Could not send {Channel} notification {Id}: {Error}", message.Channel, message.Id, failure.Message);
            }

            await RecordOutcomeAsync(connection, transaction, message.Id, message.Attempts + 1, error, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private async Task RecordOutcomeAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long id, int attempts, string? error, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var update = new NpgsqlCommand(error is null ? SentSql : FailedSql, connection, transaction);
        update.Parameters.Add(new NpgsqlParameter<long> { TypedValue = id });
        update.Parameters.Add(new NpgsqlParameter<int> { TypedValue = attempts });
        if (error is null)
        {
            update.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
        }
        else
        {
            update.Parameters.Add(new NpgsqlParameter<string> { TypedValue = error });
            update.Parameters.Add(new NpgsqlParameter<int> { TypedValue = _options.MaxAttempts });
            update.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now + TimeSpan.FromSeconds(Math.Min(3600, 5 * Math.Pow(2, attempts))) });
        }

        await update.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task SendEmailAsync(string recipient, string subject, string body, CancellationToken cancellationToken)
    {
        var smtp = _options.Smtp;
        if (string.IsNullOrWhiteSpace(smtp.Host))
        {
            throw new InvalidOperationException("Lottopar:Notifications:Smtp:Host is not configured.");
        }

        using var client = new SmtpClient(smtp.Host, smtp.Port) { EnableSsl = smtp.EnableSsl };
        if (!string.IsNullOrEmpty(smtp.UserName))
        {
            client.Credentials = new System.Net.NetworkCredential(smtp.UserName, smtp.Password);
        }

        using var mail = new MailMessage(smtp.From, recipient, subject, body);
        await client.SendMailAsync(mail, cancellationToken);
    }

    private async Task SendSmsAsync(string recipient, string text, CancellationToken cancellationToken)
    {
        var sms = _options.Sms;
        if (string.IsNullOrWhiteSpace(sms.Url))
        {
            throw new InvalidOperationException("Lottopar:Notifications:Sms:Url is not configured.");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, sms.Url) { Content = JsonContent.Create(new { to = recipient, text }) };
        if (!string.IsNullOrEmpty(sms.BearerToken))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", sms.BearerToken);
        }

        using var response = await http.CreateClient("sms").SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
    }
}
