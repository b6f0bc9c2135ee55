using Lottopar.GrainInterfaces.Payments;
using Lottopar.Grains.Common;
using Npgsql;

namespace Lottopar.Silo.Payments;

/// <summary>The ledger_entries table: its rows come from the "payments" stream (the archive below); read here for statements.</summary>
public sealed class LedgerStore(NpgsqlDataSource dataSource)
{
    /// <summary>One row per entry of each settled payment, in the transaction that settled it.</summary>
    public const string ArchiveSql = $$"""
        insert into ledger_entries (stream_event_id, oprid, payment_id, movement, kind, account, debit, credit, at)
        select p.id, p.payload->>'oprid', p.payload->>'paymentId', e->>'movement', e->>'kind', e->>'account',
               (e->>'debit')::bigint, (e->>'credit')::bigint, (p.payload->>'at')::timestamptz
        from published p cross join lateral jsonb_array_elements(p.payload->'entries') e
        where p.stream_namespace = '{{PaymentStreams.Namespace}}' and p.event_type = '{{PaymentStreams.PaymentSettled}}'
        """;

    /// <summary>An operator's day (Brasília's calendar): per account, the debits and credits and the balance (debits minus credits).</summary>
    public async Task<IReadOnlyList<StatementLine>> StatementAsync(string oprid, DateOnly day, CancellationToken cancellationToken)
    {
        const string sql = """
            select account, sum(debit)::bigint, sum(credit)::bigint, count(distinct payment_id)::int
            from ledger_entries where oprid = $1 and at >= $2 and at < $3
            group by account order by account
            """;
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue(oprid);
        command.Parameters.AddWithValue(BrasiliaTime.Instant(day, TimeOnly.MinValue).ToUniversalTime());
        command.Parameters.AddWithValue(BrasiliaTime.Instant(day.AddDays(1), TimeOnly.MinValue).ToUniversalTime());
        var lines = new List<StatementLine>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            lines.Add(new StatementLine(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(1) - reader.GetInt64(2), reader.GetInt32(3)));
        }

        return lines;
    }
}

/// <summary>One account's day: debits, credits, their difference, and how many payments moved it.</summary>
public sealed record StatementLine(string Account, long Debits, long Credits, long Balance, int Payments);
