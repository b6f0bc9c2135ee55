using Lottopar.Silo.Tests.Infrastructure;
using Npgsql;

namespace Lottopar.Silo.Tests.Fuzzing;

/// <summary>
/// A fingerprint of everything an endpoint could store: grain state (rows and versions, so an update
/// counts as well as an insert), the stream log except the security namespace (refused credentials are
/// recorded there by design), the betting event store, lottery tickets and their status changes, the
/// audit log, the notification outbox, unique keys and reminders. Two equal fingerprints mean no
/// domain row was added or changed in between. The integrity module's findings are left out (its
/// alerts, player watches and operators' risk, the "integrity" stream): they follow accepted events of
/// earlier requests in the background, whenever the streams deliver them or the risk monitor runs.
/// </summary>
public sealed record StoredData(
    long GrainStates,
    long GrainVersions,
    long StreamEvents,
    long BettingEvents,
    long Tickets,
    long TicketChanges,
    long AuditEntries,
    long Notifications,
    long UniqueKeys,
    long Reminders)
{
    private const string FingerprintSql = """
        select (select count(*) from grain_state where grain_type not in ('integrity_alert', 'player_watch', 'operator_risk')),
               (select coalesce(sum(version), 0)::bigint from grain_state where grain_type not in ('integrity_alert', 'player_watch', 'operator_risk')),
               (select count(*) from stream_events where stream_namespace not in ('security', 'integrity')),
               (select count(*) from betting_events),
               (select count(*) from lottery_tickets),
               (select count(*) from lottery_tickets where status <> 'sold'),
               (select count(*) from audit_log),
               (select count(*) from notification_outbox),
               (select count(*) from grain_unique_keys),
               (select count(*) from grain_reminders)
        """;

    /// <summary>
    /// Work that an accepted request leaves running after its answer: the audit projection (audit_log
    /// follows the "audit" stream) and reminders already due (a license the fuzzing made expire).
    /// </summary>
    private const string PendingSql = """
        select (select count(*) from stream_events where stream_namespace = 'audit') - (select count(*) from audit_log)
             + (select count(*) from grain_reminders where next_due_at <= $1)
        """;

    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The fingerprint once the work earlier requests left running has finished (or after 10 s).</summary>
    public static async Task<StoredData> SettledAsync(PlatformHost silo)
    {
        await using var connection = new NpgsqlConnection(silo.Database.ConnectionString);
        await connection.OpenAsync();
        var deadline = DateTime.UtcNow + SettleTimeout;
        while (DateTime.UtcNow < deadline)
        {
            await using var pending = new NpgsqlCommand(PendingSql, connection) { Parameters = { new() { Value = silo.Clock.GetUtcNow() } } };
            if ((long)(await pending.ExecuteScalarAsync())! <= 0)
            {
                break;
            }

            await Task.Delay(20);
        }

        await using var command = new NpgsqlCommand(FingerprintSql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new StoredData(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4),
            reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7), reader.GetInt64(8), reader.GetInt64(9));
    }

    /// <summary>What differs from <paramref name="before"/>, field by field.</summary>
    public string ChangesSince(StoredData before) => string.Join(", ",
        new (string Name, long Before, long After)[]
        {
            ("grain_state rows", before.GrainStates, GrainStates), ("grain_state versions", before.GrainVersions, GrainVersions),
            ("stream_events (not security)", before.StreamEvents, StreamEvents), ("betting_events", before.BettingEvents, BettingEvents),
            ("lottery_tickets", before.Tickets, Tickets), ("lottery_tickets not sold", before.TicketChanges, TicketChanges),
            ("audit_log", before.AuditEntries, AuditEntries), ("notification_outbox", before.Notifications, Notifications),
            ("grain_unique_keys", before.UniqueKeys, UniqueKeys), ("grain_reminders", before.Reminders, Reminders),
        }.Where(f => f.Before != f.After).Select(f => $"{f.Name} {f.Before} -> {f.After}"));
}
