using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Lottopar.GrainInterfaces.Payments;
using Npgsql;

namespace Lottopar.Silo.Payments;

/// <summary>
/// The payment_notifications outbox: its rows come from the "payments" stream with the settlement
/// that makes them; <see cref="PaymentNotifier"/> delivers them; operators read the log.
/// </summary>
public sealed class PaymentNotifications(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// One notification per settled payment ("cash_in.completed", "cash_out.failed", ...), written in
    /// the transaction that settled it. No CPF: the operator has it. Due from the settlement's instant
    /// cut to the millisecond (PostgreSQL rounds a 7th decimal of a second up: it would be due later).
    /// </summary>
    public const string ArchiveSql = $$"""
        insert into payment_notifications (stream_event_id, oprid, payment_id, event, payload, created_at, next_attempt_at)
        select p.id, p.payload->>'oprid', p.payload->>'paymentId', (p.payload->>'kind') || '.' || (p.payload->>'outcome'),
               jsonb_strip_nulls(jsonb_build_object('event', (p.payload->>'kind') || '.' || (p.payload->>'outcome'), 'paymentId', p.payload->>'paymentId',
                   'amount', (p.payload->>'amount')::bigint, 'endToEndId', p.payload->>'endToEndId', 'reason', p.payload->>'reason', 'at', p.payload->>'at')),
               (p.payload->>'at')::timestamptz, date_trunc('milliseconds', (p.payload->>'at')::timestamptz)
        from published p
        where p.stream_namespace = '{{PaymentStreams.Namespace}}' and p.event_type = '{{PaymentStreams.PaymentSettled}}'
        """;

    /// <summary>Takes up to <paramref name="limit"/> due notifications for <paramref name="lease"/> (another silo skips them meanwhile).</summary>
    public async Task<IReadOnlyList<DueNotification>> ClaimDueAsync(DateTimeOffset now, TimeSpan lease, int limit, CancellationToken cancellationToken)
    {
        const string sql = """
            update payment_notifications set next_attempt_at = $2
            where id in (select id from payment_notifications
                         where delivered_at is null and abandoned_at is null and next_attempt_at <= $1
                         order by next_attempt_at limit $3 for update skip locked)
            returning id, oprid, payload::text, attempts
            """;
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue(now.ToUniversalTime());
        command.Parameters.AddWithValue((now + lease).ToUniversalTime());
        command.Parameters.AddWithValue(limit);
        var due = new List<DueNotification>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            due.Add(new DueNotification(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3)));
        }

        return due;
    }

    /// <summary>Records an attempt and what follows: delivered, another try at <paramref name="next"/>, or given up (next null).</summary>
    public async Task RecordAttemptAsync(DueNotification notification, DateTimeOffset at, int? status, string? error, TimeSpan took, bool delivered, DateTimeOffset? next, CancellationToken cancellationToken)
    {
        var attempt = notification.Attempts + 1;
        await using var batch = dataSource.CreateBatch();
        var log = new NpgsqlBatchCommand("insert into payment_notification_attempts (notification_id, attempt, at, status, error, duration_ms) values ($1, $2, $3, $4, $5, $6)");
        log.Parameters.AddWithValue(notification.Id);
        log.Parameters.AddWithValue(attempt);
        log.Parameters.AddWithValue(at.ToUniversalTime());
        log.Parameters.AddWithValue((object?)status ?? DBNull.Value);
        log.Parameters.AddWithValue((object?)error ?? DBNull.Value);
        log.Parameters.AddWithValue((int)took.TotalMilliseconds);
        var update = new NpgsqlBatchCommand("""
            update payment_notifications set attempts = $2, last_status = $3, last_error = $4,
                delivered_at = case when $5 then $6 end, abandoned_at = case when not $5 and $7::timestamptz is null then $6 end,
                next_attempt_at = coalesce($7, next_attempt_at)
            where id = $1
            """);
        update.Parameters.AddWithValue(notification.Id);
        update.Parameters.AddWithValue(attempt);
        update.Parameters.AddWithValue((object?)status ?? DBNull.Value);
        update.Parameters.AddWithValue((object?)error ?? DBNull.Value);
        update.Parameters.AddWithValue(delivered);
        update.Parameters.AddWithValue(at.ToUniversalTime());
        update.Parameters.Add(new NpgsqlParameter { Value = (object?)next?.ToUniversalTime() ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        batch.BatchCommands.Add(log);
        batch.BatchCommands.Add(update);
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The notifications of one of the operator's payments, each with its attempts.</summary>
    public async Task<IReadOnlyList<NotificationLog>> LogAsync(string oprid, string paymentId, CancellationToken cancellationToken)
    {
        const string sql = """
            select n.id, n.event, n.created_at, n.attempts, n.delivered_at, n.abandoned_at, n.next_attempt_at,
                   coalesce((select jsonb_agg(jsonb_build_object('attempt', a.attempt, 'at', a.at, 'status', a.status, 'error', a.error, 'durationMs', a.duration_ms) order by a.attempt)
                             from payment_notification_attempts a where a.notification_id = n.id), '[]')::text
            from payment_notifications n where n.oprid = $1 and n.payment_id = $2 order by n.id
            """;
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue(oprid);
        command.Parameters.AddWithValue(paymentId);
        var log = new List<NotificationLog>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            log.Add(new NotificationLog(reader.GetInt64(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetInt32(3),
                reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4), reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5),
                reader.IsDBNull(4) && reader.IsDBNull(5) ? reader.GetFieldValue<DateTimeOffset>(6) : null,
                System.Text.Json.JsonSerializer.Deserialize<System.Text.Json.JsonElement>(reader.GetString(7))));
        }

        return log;
    }
}

public sealed record DueNotification(long Id, string Oprid, string Body, int Attempts);

/// <summary>A notification as the operator's log shows it; NextAttemptAt while it is still being tried.</summary>
public sealed record NotificationLog(
    long Id, string Event, DateTimeOffset CreatedAt, int Attempts, DateTimeOffset? DeliveredAt, DateTimeOffset? AbandonedAt, DateTimeOffset? NextAttemptAt,
    System.Text.Json.JsonElement AttemptLog);

/// <summary>
/// The signature of a notification: header <c>X-Lottopar-Signature: t=UNIX_SECONDS,v1=HEX</c>, where
/// HEX is HMAC-SHA256 under the operator's webhook secret of "t.body" (the body's exact bytes).
/// Receivers recompute it and refuse a t older than five minutes (docs/integracao-pagamentos.md).
/// </summary>
public static class NotificationSignature
{
    public const string Header = "X-Lottopar-Signature";

    public static string Sign(string secret, long unixSeconds, string body)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{unixSeconds}.{body}")));
        return string.Create(CultureInfo.InvariantCulture, $"t={unixSeconds},v1={Convert.ToHexStringLower(mac)}");
    }
}
