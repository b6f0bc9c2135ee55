using Lottopar.Grains.Common;
using Lottopar.Providers.PostgreSql.Outages;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Lottopar.Silo.Payments;

/// <summary>
/// Reconciles every operator that has a PSP account, once a day, for the day before (Brasília's
/// calendar), as "system:daily-reconciliation"; a day already reconciled by this job is not run again.
/// Staff can run any day on demand (POST /admin/operators/{oprid}/payments/reconciliations).
/// </summary>
public sealed class DailyReconciliation(
    NpgsqlDataSource dataSource, PaymentReconciliation reconciliation, TimeProvider clock, IOptions<PaymentOptions> options, DatabaseOutage database,
    ILogger<DailyReconciliation> logger) : BackgroundService
{
    public const string RanBy = "system:daily-reconciliation";

    /// <returns>The operators reconciled in this round.</returns>
    public async Task<IReadOnlyList<string>> RunOnceAsync(CancellationToken cancellationToken)
    {
        var yesterday = BrasiliaTime.Today(clock.GetUtcNow()).AddDays(-1);
        const string sql = """
            select s.grain_key from grain_state s
            where s.grain_type = 'psp_account' and s.state->>'baseUrl' is not null
              and not exists (select 1 from payment_reconciliations r where r.oprid = s.grain_key and r.day = $1 and r.ran_by = $2)
            order by s.grain_key
            """;
        var due = new List<string>();
        await using (var command = dataSource.CreateCommand(sql))
        {
            command.Parameters.AddWithValue(yesterday);
            command.Parameters.AddWithValue(RanBy);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                due.Add(reader.GetString(0));
            }
        }

        var done = new List<string>();
        foreach (var oprid in due)
        {
            try
            {
                var result = await reconciliation.RunAsync(oprid, yesterday, RanBy, cancellationToken);
                done.Add(oprid);
                if (!result.Balanced)
                {
                    logger.LogWarning("The payments of {Oprid} on {Day} differ from its PSP's list in {Count} places", oprid, yesterday, result.Differences.Count);
                }
            }
            catch (Exception error) when (error is GrainInterfaces.Common.DomainException)
            {
                logger.LogWarning("The payments of {Oprid} on {Day} could not be reconciled now: {Error}", oprid, yesterday, error.Message);
            }
        }

        return done;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PaymentRounds.RunAsync(async token => await RunOnceAsync(token), () => options.Value.DailyReconciliationCheck, "daily reconciliation", clock, database, logger, stoppingToken);
}
