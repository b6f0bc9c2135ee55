using System.Text.Json;
using Lottopar.Grains.Common;
using Lottopar.Grains.Payments;
using Npgsql;

namespace Lottopar.Silo.Payments;

/// <summary>
/// An operator's day of deposits reconciled against its PSP's own list of received PIX (by
/// end-to-end id): a PIX the PSP has and the platform did not settle, one the platform settled that
/// the PSP does not list, an amount that differs. Each run is kept with what it found.
/// </summary>
public sealed class PaymentReconciliation(NpgsqlDataSource dataSource, IPixGateway pix, TimeProvider clock)
{
    public async Task<ReconciliationResult> RunAsync(string oprid, DateOnly day, string ranBy, CancellationToken cancellationToken)
    {
        var from = BrasiliaTime.Instant(day, TimeOnly.MinValue);
        var to = BrasiliaTime.Instant(day.AddDays(1), TimeOnly.MinValue);
        var atPsp = (await pix.ReceivedBetweenAsync(oprid, from, to.AddTicks(-1), cancellationToken)).ToDictionary(p => p.EndToEndId);
        var ours = await SettledAsync(oprid, from, to, cancellationToken);

        var differences = new List<ReconciliationDifference>();
        foreach (var (e2e, received) in atPsp.OrderBy(p => p.Value.At))
        {
            if (!ours.TryGetValue(e2e, out var settled))
            {
                differences.Add(new("unsettled_at_platform", e2e, received.Txid, received.Centavos, null, "The PSP received this PIX; the platform has not settled it."));
            }
            else if (settled.Amount != received.Centavos)
            {
                differences.Add(new("amount_mismatch", e2e, received.Txid, received.Centavos, settled.Amount, "The amounts differ."));
            }
        }

        foreach (var (e2e, settled) in ours.Where(o => !atPsp.ContainsKey(o.Key)).OrderBy(o => o.Value.PaymentId))
        {
            differences.Add(new("missing_at_psp", e2e, settled.PaymentId, null, settled.Amount, "The platform settled this PIX; the PSP does not list it for the day."));
        }

        var result = new ReconciliationResult(oprid, day, clock.GetUtcNow(), atPsp.Count, atPsp.Values.Sum(p => p.Centavos), ours.Count, ours.Values.Sum(o => o.Amount), differences);
        await RecordAsync(result, ranBy, cancellationToken);
        return result;
    }

    private async Task<Dictionary<string, (string PaymentId, long Amount)>> SettledAsync(string oprid, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        const string sql = """
            select state->>'endToEndId', grain_key, (state->>'amount')::bigint from grain_state
            where grain_type = 'cash_in' and state->>'oprid' = $1 and state->>'endToEndId' is not null
              and (state->>'paidAt')::timestamptz >= $2 and (state->>'paidAt')::timestamptz < $3
            """;
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue(oprid);
        command.Parameters.AddWithValue(from.ToUniversalTime());
        command.Parameters.AddWithValue(to.ToUniversalTime());
        var settled = new Dictionary<string, (string, long)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            settled[reader.GetString(0)] = (reader.GetString(1), reader.GetInt64(2));
        }

        return settled;
    }

    private async Task RecordAsync(ReconciliationResult result, string ranBy, CancellationToken cancellationToken)
    {
        const string sql = """
            insert into payment_reconciliations (oprid, day, ran_at, ran_by, psp_count, psp_total, platform_count, platform_total, differences)
            values ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb)
            """;
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue(result.Oprid);
        command.Parameters.AddWithValue(result.Day);
        command.Parameters.AddWithValue(result.RanAt.ToUniversalTime());
        command.Parameters.AddWithValue(ranBy);
        command.Parameters.AddWithValue(result.PspCount);
        command.Parameters.AddWithValue(result.PspTotal);
        command.Parameters.AddWithValue(result.PlatformCount);
        command.Parameters.AddWithValue(result.PlatformTotal);
        command.Parameters.AddWithValue(JsonSerializer.Serialize(result.Differences, JsonSerializerOptions.Web));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>A day reconciled: both sides' counts and totals, every difference; balanced when there are none.</summary>
public sealed record ReconciliationResult(
    string Oprid, DateOnly Day, DateTimeOffset RanAt, int PspCount, long PspTotal, int PlatformCount, long PlatformTotal, IReadOnlyList<ReconciliationDifference> Differences)
{
    public bool Balanced => Differences.Count == 0;
}

/// <summary>One difference: its kind, the PIX's end-to-end id, the txid or payment, each side's amount.</summary>
public sealed record ReconciliationDifference(string Kind, string EndToEndId, string? Payment, long? PspAmount, long? PlatformAmount, string Message);
