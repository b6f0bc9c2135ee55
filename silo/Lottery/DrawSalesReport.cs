using Lottopar.GrainInterfaces.Lottery;
using Npgsql;

namespace Lottopar.Silo.Lottery;

/// <summary>Sales of one draw on one day: tickets that play it, the amounts sold on it, cancellations; in total and per POS.</summary>
public sealed record DrawSalesReport(string DrawCode, DateOnly Day, SalesFigures Total, IReadOnlyList<PosSalesFigures> ByPos);

/// <param name="Tickets">Tickets sold (paid ones included) with at least one line on the draw.</param>
/// <param name="SoldCents">What those lines sold on the draw.</param>
public sealed record SalesFigures(long Tickets, long SoldCents, long CancelledTickets, long CancelledCents, long PaidTickets);

public sealed record PosSalesFigures(string Oprid, int ProviderCode, int PosCode, SalesFigures Figures);

/// <summary>Reads <see cref="DrawSalesReport"/>s from lottery_tickets (through its lottery, turn and day index).</summary>
public sealed class DrawSalesReports(NpgsqlDataSource dataSource)
{
    public async Task<DrawSalesReport> ReadAsync(DrawDefinition draw, DateOnly day, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            select t.oprid, t.provider_code, t.pos_code, t.status, count(distinct t.id), coalesce(sum((l->>'soldCents')::bigint), 0)::bigint
            from lottery_tickets t, jsonb_array_elements(t.lines) l
            where t.lottery_code = $1 and t.turn = $2 and t.sale_date = $3 and l->>'drawCode' = $4
            group by t.oprid, t.provider_code, t.pos_code, t.status
            order by t.provider_code, t.pos_code
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = draw.LotteryCode });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = draw.Turn });
        command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = day });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = draw.Code });
        var rows = new List<(string Oprid, int Provider, int Pos, string Status, long Tickets, long Cents)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add((reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetString(3), reader.GetInt64(4), reader.GetInt64(5)));
            }
        }

        var byPos = rows.GroupBy(r => (r.Oprid, r.Provider, r.Pos))
            .Select(g => new PosSalesFigures(g.Key.Oprid, g.Key.Provider, g.Key.Pos, Figures(g)))
            .ToList();
        return new DrawSalesReport(draw.Code, day, Figures(rows), byPos);
    }

    private static SalesFigures Figures(IEnumerable<(string Oprid, int Provider, int Pos, string Status, long Tickets, long Cents)> rows)
    {
        var list = rows.ToList();
        var standing = list.Where(r => r.Status != "cancelled").ToList();
        var cancelled = list.Where(r => r.Status == "cancelled").ToList();
        return new SalesFigures(
            standing.Sum(r => r.Tickets), standing.Sum(r => r.Cents), cancelled.Sum(r => r.Tickets), cancelled.Sum(r => r.Cents),
            list.Where(r => r.Status == "paid").Sum(r => r.Tickets));
    }
}
