using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Payments;
using Microsoft.Extensions.Options;
using Lottopar.Providers.PostgreSql.Outages;
using Npgsql;

namespace Lottopar.Silo.Payments;

/// <summary>
/// The safety net under the PSPs' webhooks and answers: every <see cref="PaymentOptions.ReconcileInterval"/>,
/// the payments still pending some time after their creation ask the PSP (the same settlement a
/// webhook starts): deposits until a day after their charge expired (a late payment is still found),
/// payouts until the PSP gives their outcome (one it never got is sent again, under the same id). A
/// lost notification or a timeout delays a payment; it does not lose or double it.
/// </summary>
public sealed class PendingPaymentsReconciler(
    NpgsqlDataSource dataSource, Orleans.IGrainFactory grains, TimeProvider clock, IOptions<PaymentOptions> options, DatabaseOutage database,
    ILogger<PendingPaymentsReconciler> logger) : BackgroundService
{
    /// <summary>Payments asked about per round at most, oldest first.</summary>
    public const int BatchSize = 500;

    /// <returns>How many pending payments were asked about.</returns>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        const string sql = """
            select grain_type, grain_key, state->>'oprid' from grain_state
            where grain_type in ('cash_in', 'cash_out') and (state->>'status') = '0' and (state->>'createdAt')::timestamptz < $1
              and (grain_type = 'cash_out' or (state->>'expiresAt')::timestamptz > $2)
            order by updated_at limit $3
            """;
        var now = clock.GetUtcNow();
        var pending = new List<(string Type, string Id, string Oprid)>();
        await using (var command = dataSource.CreateCommand(sql))
        {
            command.Parameters.AddWithValue((now - options.Value.ReconcileAfter).ToUniversalTime());
            command.Parameters.AddWithValue((now - TimeSpan.FromDays(1)).ToUniversalTime());
            command.Parameters.AddWithValue(BatchSize);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                pending.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
            }
        }

        var unavailable = 0;
        foreach (var (type, id, oprid) in pending)
        {
            try
            {
                if (type == "cash_out")
                {
                    await grains.Keyed<ICashOutGrain>(id).SettleAsync(oprid);
                }
                else
                {
                    await grains.Keyed<ICashInGrain>(id).SettleAsync(oprid);
                }
            }
            catch (Exception error) when (error is DependencyUnavailableException or DomainConflictException or PixRefusedException)
            {
                unavailable++;
            }
        }

        if (unavailable > 0)
        {
            logger.LogWarning("{Count} of {Pending} pending payments could not ask their PSP this round", unavailable, pending.Count);
        }

        return pending.Count;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PaymentRounds.RunAsync(async token => await RunOnceAsync(token), () => options.Value.ReconcileInterval, "reconciliation of pending payments", clock, database, logger, stoppingToken);
}
