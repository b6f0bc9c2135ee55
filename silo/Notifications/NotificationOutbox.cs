using Lottopar.GrainInterfaces.Staff;
using Lottopar.Grains.Common;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Lottopar.Silo.Notifications;

/// <summary>
/// Queues messages in <c>notification_outbox</c>, committed before the caller goes on. In outbox
/// mode they are kept for the development page; in deliver mode the dispatcher sends them.
/// </summary>
public sealed class NotificationOutbox(NpgsqlDataSource dataSource, IOptions<NotificationOptions> options, TimeProvider clock) : INotificationSender
{
    private const string InsertSql = """
        insert into notification_outbox (created_at, channel, recipient, subject, body, status, next_attempt_at)
        values ($1, $2, $3, $4, $5, $6, $1)
        """;

    private const string LatestSql = """
        select id, created_at, channel, recipient, subject, body, status, sent_at, last_error
        from notification_outbox order by id desc limit $1
        """;

    public async Task SendAsync(OutgoingNotification notification, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(InsertSql);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = clock.GetUtcNow() });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = notification.Channel == CodeChannel.Email ? "email" : "sms" });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = notification.Recipient });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = notification.Subject });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = notification.Body });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = options.Value.Mode == NotificationMode.Outbox ? "kept" : "pending" });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The newest messages, for the development outbox page.</summary>
    public async Task<IReadOnlyList<OutboxMessage>> LatestAsync(int count, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(LatestSql);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = count });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var messages = new List<OutboxMessage>();
        while (await reader.ReadAsync(cancellationToken))
        {
            messages.Add(new OutboxMessage(
                reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7), reader.IsDBNull(8) ? null : reader.GetString(8)));
        }

        return messages;
    }
}

public sealed record OutboxMessage(
    long Id, DateTimeOffset CreatedAt, string Channel, string Recipient, string Subject, string? Body, string Status, DateTimeOffset? SentAt, string? LastError);
