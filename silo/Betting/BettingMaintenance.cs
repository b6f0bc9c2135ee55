using Npgsql;

namespace Lottopar.Silo.Betting;

/// <summary>
/// Daily upkeep of the betting data: monthly partitions of the event store created three months
/// ahead, and Idempotency-Key records past their 24 hours removed.
/// </summary>
public sealed class BettingMaintenance(NpgsqlDataSource dataSource, TimeProvider clock, ILogger<BettingMaintenance> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(6);

    public async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using (var partitions = dataSource.CreateCommand("select lottopar_ensure_monthly_partitions('betting_events', $1, 4)"))
        {
            partitions.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = DateOnly.FromDateTime(now.UtcDateTime.AddMonths(-1)) });
            await partitions.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var purge = dataSource.CreateCommand("delete from grain_state where grain_type = 'betting_idempotency' and updated_at < $1");
        purge.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now - TimeSpan.FromHours(25) });
        var purged = await purge.ExecuteNonQueryAsync(cancellationToken);
        if (purged > 0)
        {
            logger.LogInformation("Removed {Count} expired Idempotency-Key records", purged);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (NpgsqlException error)
            {
                // A partition that cannot be created (rows for its month in the default partition) needs an operator.
                logger.LogError(error, "Betting maintenance failed");
            }

            try
            {
                await Task.Delay(Interval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
