using Lottopar.GrainInterfaces.Integrity;
using Lottopar.Grains.Integrity;
using Npgsql;
using NpgsqlTypes;

namespace Lottopar.Silo.Integrity;

/// <summary>
/// Both sides of an operator's hour, read from PostgreSQL: the API's betting events (betting_events),
/// the PIX settled at the PSP (the payments' state, found through their ledger entries) and the vault's
/// records (through the hour's accepted files, with the corrections and annulments that name them).
/// </summary>
public sealed class ReconciliationSource(NpgsqlDataSource dataSource) : IReconciliationSource
{
    /// <summary>How much earlier than its event_date an event may have been received (operators' clocks ahead): bounds the index range read.</summary>
    private static readonly TimeSpan ReceivedBefore = TimeSpan.FromHours(6);

    public async Task<bool> HoursFiledAsync(string oprid, DateTimeOffset firstHour, DateTimeOffset lastHour, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            select count(*)::integer from (
                select hour from vault_files where oprid = $1 and accepted and hour >= $2 and hour <= $3
                group by hour having count(distinct part) >= max(parts)) complete
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = oprid });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = firstHour.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = lastHour.ToUniversalTime() });
        var complete = (int)(await command.ExecuteScalarAsync(cancellationToken))!;
        return complete == (int)((lastHour - firstHour).TotalHours + 1);
    }

    public Task<IReadOnlyList<ReconciledItem>> PlatformAsync(ReconciliationChannel channel, string oprid, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        channel switch
        {
            ReconciliationChannel.Bets => ItemsAsync("""
                select e.bet_slip_id, 'bet', (e.payload->'event'->>'totalStake')::bigint, e.event_date, 'evento ' || e.event_id::text
                from betting_events e
                where e.oprid = $1 and e.event = 'new_bet' and e.received_at >= $4 and e.event_date >= $2 and e.event_date < $3
                  and not exists (select 1 from betting_events c where c.oprid = e.oprid and c.bet_slip_id = e.bet_slip_id and c.event = 'cancellation')
                """, oprid, from, to, cancellationToken),
            ReconciliationChannel.Wins => ItemsAsync("""
                select slip, 'win', won, event_date, reference from (
                    select distinct on (e.bet_slip_id) e.bet_slip_id as slip, e.event_date, 'evento ' || e.event_id::text as reference,
                           coalesce((select sum((l->>'amountWon')::bigint) from jsonb_array_elements(e.payload->'event'->'betLegs') l), 0) as won
                    from betting_events e
                    where e.oprid = $1 and e.event = 'result' and e.received_at >= $4 and e.event_date >= $2 and e.event_date < $3
                    order by e.bet_slip_id, e.received_at desc, e.player_sequence desc) latest
                where won > 0
                """, oprid, from, to, cancellationToken),
            _ => ItemsAsync("""
                select s.state->>'endToEndId', case s.grain_type when 'cash_in' then 'deposit' else 'withdrawal' end,
                       (s.state->>'amount')::bigint, (s.state->>'paidAt')::timestamptz, 'pagamento ' || s.grain_key
                from grain_state s
                where s.grain_type in ('cash_in', 'cash_out')
                  and s.grain_key in (select l.payment_id from ledger_entries l where l.oprid = $1 and l.at >= $4 and l.at < $3 + interval '1 hour')
                  and s.state->>'endToEndId' is not null
                  and (s.state->>'paidAt')::timestamptz >= $2 and (s.state->>'paidAt')::timestamptz < $3
                """, oprid, from, to, cancellationToken),
        };

    public async Task<IReadOnlyList<ReconciledItem>> VaultAsync(ReconciliationChannel channel, string oprid, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var originals = await RecordsAsync("""
            select r.record_id, r.record_type, r.at, r.xml from vault_files f join vault_records r on r.file_id = f.id
            where f.oprid = $1 and f.accepted and f.hour >= $2 and f.hour < $3 and r.record_type = any($4) and r.at >= $5 and r.at < $3
            """, cancellationToken, Typed(oprid), Typed(Reconciliation.HourOf(from)), Typed(to.ToUniversalTime()), Typed(VaultSideItems.TypesOf(channel).ToArray()), Typed(from.ToUniversalTime()));
        var replacements = originals.Count == 0 ? [] : await RecordsAsync("""
            select record_id, record_type, at, xml from vault_records
            where oprid = $1 and replaces_id = any($2) and record_type in ('correction', 'annulment') order by at, record_id
            """, cancellationToken, Typed(oprid), Typed(originals.Select(r => r.RecordId).ToArray()));
        return VaultSideItems.Resolve(channel, originals, replacements);
    }

    private async Task<IReadOnlyList<ReconciledItem>> ItemsAsync(string sql, string oprid, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.Add(Typed(oprid));
        command.Parameters.Add(Typed(from.ToUniversalTime()));
        command.Parameters.Add(Typed(to.ToUniversalTime()));
        command.Parameters.Add(Typed((from - ReceivedBefore).ToUniversalTime()));
        var items = new List<ReconciledItem>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(new ReconciledItem(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetFieldValue<DateTimeOffset>(3), reader.GetString(4)));
        }

        return items;
    }

    private async Task<IReadOnlyList<StoredVaultRecord>> RecordsAsync(string sql, CancellationToken cancellationToken, params NpgsqlParameter[] parameters)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddRange(parameters);
        var records = new List<StoredVaultRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(new StoredVaultRecord(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetString(3)));
        }

        return records;
    }

    private static NpgsqlParameter<string> Typed(string value) => new() { TypedValue = value };

    private static NpgsqlParameter<DateTimeOffset> Typed(DateTimeOffset value) => new() { TypedValue = value };

    private static NpgsqlParameter Typed(string[] values) => new() { Value = values, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };
}
