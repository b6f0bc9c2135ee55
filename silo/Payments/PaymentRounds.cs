using Lottopar.Providers.PostgreSql.Outages;

namespace Lottopar.Silo.Payments;

/// <summary>
/// The loop of the payments background services: wait the interval, run one round, and keep going
/// whatever happens (a database outage is reported once by <see cref="DatabaseOutage"/>, anything
/// else logged) until the silo stops.
/// </summary>
internal static class PaymentRounds
{
    public static async Task RunAsync(
        Func<CancellationToken, Task> round, Func<TimeSpan> interval, string what, TimeProvider clock, DatabaseOutage database, ILogger logger,
        CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval(), clock, stoppingToken);
                await round(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error) when (database.TryReport(error, what))
            {
                // An outage is logged once; the next round tries again.
            }
            catch (Exception error) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(error, "The {What} failed; trying again", what);
            }
        }
    }
}
