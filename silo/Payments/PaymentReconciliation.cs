using System.Text.Json;
using Lottopar.Grains.Common;
using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Payments;
using Lottopar.Grains.Payments;
using Npgsql;

namespace Lottopar.Silo.Payments;

/// <summary>
/// An operator's day reconciled against its PSP's own lists (by end-to-end id): received PIX against
/// settled deposits, sent PIX against payouts. A PIX the PSP has and the platform did not settle, one
/// the platform settled that the PSP does not list, an amount or (for payouts) a status that differs.
/// A payout the PSP lists that the platform has not settled is asked to settle. Each run is kept with
/// what it found.
/// </summary>
public sealed class PaymentReconciliation(NpgsqlDataSource dataSource, IPixGateway pix, Orleans.IGrainFactory grains, TimeProvider clock)
{
    public async Task<ReconciliationResult> RunAsync(string oprid, DateOnly day, string ranBy, CancellationToken cancellationToken)
    {
        var from = BrasiliaTime.Instant(day, TimeOnly.MinValue);
        var to = BrasiliaTime.Instant(day.AddDays(1), TimeOnly.MinValue);
        var atPsp = (await pix.ReceivedBetweenAsync(oprid, from, to.AddTicks(-1), cancellationToken)).ToDictionary(p => p.EndToEndId);
        var ours = await SettledAsync(oprid, "cash_in", from, to, cancellationToken);

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

        var sent = (await pix.PayoutsBetweenAsync(oprid, from, to.AddTicks(-1), cancellationToken))
            .Where(p => p.Status is PixPayoutStatus.Completed or PixPayoutStatus.Returned).ToDictionary(p => p.EndToEndId);
        var paid = await SettledAsync(oprid, "cash_out", from, to, cancellationToken);
        foreach (var (e2e, payout) in sent.OrderBy(p => p.Value.At))
        {
            if (!paid.TryGetValue(e2e, out var ourPayout))
            {
                differences.Add(new("payout_unsettled_at_platform", e2e, payout.Id, payout.Centavos, null, "The PSP sent this PIX; the platform has not settled the payout."));
                await SettlePayoutAsync(oprid, payout.Id);
            }
            else if (ourPayout.Amount != payout.Centavos)
            {
                differences.Add(new("payout_amount_mismatch", e2e, payout.Id, payout.Centavos, ourPayout.Amount, "The amounts differ."));
            }
            else if ((payout.Status == PixPayoutStatus.Returned) != (ourPayout.Status == (int)CashOutStatus.Returned))
            {
                differences.Add(new("payout_status_mismatch", e2e, payout.Id, payout.Centavos, ourPayout.Amount,
                    $"The PSP says {payout.Status}; the platform says {(CashOutStatus)ourPayout.Status}."));
                await SettlePayoutAsync(oprid, payout.Id);
            }
        }

        foreach (var (e2e, ourPayout) in paid.Where(o => !sent.ContainsKey(o.Key)).OrderBy(o => o.Value.PaymentId))
        {
            differences.Add(new("payout_missing_at_psp", e2e, ourPayout.PaymentId, null, ourPayout.Amount, "The platform settled this payout; the PSP does not list it as sent that day."));
        }

        var result = new ReconciliationResult(
            oprid, day, clock.GetUtcNow(), atPsp.Count, atPsp.Values.Sum(p => p.Centavos), ours.Count, ours.Values.Sum(o => o.Amount), differences,
            sent.Count, sent.Values.Sum(p => p.Centavos), paid.Count, paid.Values.Sum(p => p.Amount));
        await RecordAsync(result, ranBy, cancellationToken);
        return result;
    }

    /// <summary>A payout of ours the PSP knows better: it asks the PSP now (the difference stays recorded; the next run shows whether it went).</summary>
    private async Task SettlePayoutAsync(string oprid, string id)
    {
        if (PaymentIds.IsCashOut(id))
        {
            try
            {
                await grains.Keyed<ICashOutGrain>(id).SettleAsync(oprid);
            }
            catch (DependencyUnavailableException)
            {
                // the PSP just answered the list; if it is gone now, the reconciler asks again
            }
        }
    }

    /// <summary>The payments of a kind ("cash_in", "cash_out") the platform settled with a PIX made in the period, by end-to-end id.</summary>
    private async Task<Dictionary<string, (string PaymentId, long Amount, int Status)>> SettledAsync(
        string oprid, string grainType, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        const string sql = """
            select state->>'endToEndId', grain_key, (state->>'amount')::bigint, (state->>'status')::int from grain_state
            where grain_type = $4 and state->>'oprid' = $1 and state->>'endToEndId' is not null
              and (state->>'paidAt')::timestamptz >= $2 and (state->>'paidAt')::timestamptz < $3
            """;
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue(oprid);
        command.Parameters.AddWithValue(from.ToUniversalTime());
        command.Parameters.AddWithValue(to.ToUniversalTime());
        command.Parameters.AddWithValue(grainType);
        var settled = new Dictionary<string, (string, long, int)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            settled[reader.GetString(0)] = (reader.GetString(1), reader.GetInt64(2), reader.GetInt32(3));
        }

        return settled;
    }

    private async Task RecordAsync(ReconciliationResult result, string ranBy, CancellationToken cancellationToken)
    {
        const string sql = """
            insert into payment_reconciliations (oprid, day, ran_at, ran_by, psp_count, psp_total, platform_count, platform_total, differences,
                psp_payout_count, psp_payout_total, platform_payout_count, platform_payout_total)
            values ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10, $11, $12, $13)
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
        command.Parameters.AddWithValue(result.PspPayoutCount);
        command.Parameters.AddWithValue(result.PspPayoutTotal);
        command.Parameters.AddWithValue(result.PlatformPayoutCount);
        command.Parameters.AddWithValue(result.PlatformPayoutTotal);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>
/// A day reconciled: both sides' counts and totals of received PIX (Psp*, Platform*) and of sent PIX
/// (*Payout*), every difference; balanced when there are none.
/// </summary>
public sealed record ReconciliationResult(
    string Oprid, DateOnly Day, DateTimeOffset RanAt, int PspCount, long PspTotal, int PlatformCount, long PlatformTotal, IReadOnlyList<ReconciliationDifference> Differences,
    int PspPayoutCount = 0, long PspPayoutTotal = 0, int PlatformPayoutCount = 0, long PlatformPayoutTotal = 0)
{
    public bool Balanced => Differences.Count == 0;
}

/// <summary>One difference: its kind, the PIX's end-to-end id, the txid or payment, each side's amount.</summary>
public sealed record ReconciliationDifference(string Kind, string EndToEndId, string? Payment, long? PspAmount, long? PlatformAmount, string Message);
