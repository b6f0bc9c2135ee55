namespace Lottopar.Providers.PostgreSql.Outages;

internal static class Pause
{
    /// <summary>Waits, returning early (without throwing) when the service is stopping.</summary>
    public static async Task ForAsync(TimeSpan delay, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(delay, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
