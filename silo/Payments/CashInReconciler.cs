using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Payments;
using Microsoft.Extensions.Options;
using Lottopar.Providers.PostgreSql.Outages;
using Npgsql;

namespace Lottopar.Silo.Payments;

/// <summary>
/// The safety net under the PSPs' webhooks: every <see cref="PaymentOptions.ReconcileInterval"/>, the
/// deposits still pending some time after their creation ask the PSP about their charge (the same
/// settlement a webhook starts), until a day after their expiry (a late payment is still found).
/// A lost notification delays a deposit; it does not lose it.
/// </summary>
public sealed class CashInReconciler(
    NpgsqlDataSource dataSource, Orleans.IGrainFactory grains, TimeProvider clock, IOptions<PaymentOptions> options, DatabaseOutage database,
    ILogger<CashInReconciler> logger) : BackgroundService
{
    /// <summary>Deposits asked about per round at most, oldest first.</summary>
    public const int BatchSize = 500;

    /// <returns>How many pending deposits were asked about.</returns>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        const string sql = """
            select grain_key, state->>'oprid' from grain_state
            where grain_type = 'cash_in' and (state->>'status')::int = 0
              and (state->>'createdAt')::timestamptz < $1 and (state->>'expiresAt')::timestamptz > $2
            order by updated_at limit $3
            """;
        var now = clock.GetUtcNow();
        var pending = new List<(string Id, string Oprid)>();
        await using (var command = dataSource.CreateCommand(sql))
        {
            command.Parameters.AddWithValue((now - options.Value.ReconcileAfter).ToUniversalTime());
            command.Parameters.AddWithValue((now - TimeSpan.FromDays(1)).ToUniversalTime());
            command.Parameters.AddWithValue(BatchSize);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                pending.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        var unavailable = 0;
        foreach (var (id, oprid) in pending)
        {
            try
            {
                await grains.Keyed<ICashInGrain>(id).SettleAsync(oprid);
            }
            catch (Exception error) when (error is DependencyUnavailableException or DomainConflictException or PixRefusedException)
            {
                unavailable++;
            }
        }

        if (unavailable > 0)
        {
            logger.LogWarning("{Count} of {Pending} pending deposits could not ask their PSP this round", unavailable, pending.Count);
        }

        return pending.Count;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PaymentRounds.RunAsync(async token => await RunOnceAsync(token), () => options.Value.ReconcileInterval, "reconciliation of pending deposits", clock, database, logger, stoppingToken);
}
