using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Integrity;
using Lottopar.Grains.Integrity;

namespace Lottopar.Silo.Integrity;

/// <summary>
/// Once the silo has started, makes sure the deadline check's reminder is registered (each silo asks;
/// the reminder is one per cluster). Tries again every 30 s until it is, e.g. through a database outage.
/// </summary>
public sealed class IntegrityDeadlinesStarter(Orleans.IGrainFactory grains, IHostApplicationLifetime lifetime, ILogger<IntegrityDeadlinesStarter> logger) : BackgroundService
{
    public static readonly TimeSpan Retry = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(started.SetResult))
        {
            await started.Task.WaitAsync(stoppingToken);
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await grains.Keyed<IIntegrityDeadlinesGrain>(IntegrityDeadlinesGrain.DefaultKey).StartAsync();
                return;
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                logger.LogWarning("The integrity deadlines' reminder could not be registered, trying again in {Retry}: {Error}", Retry, error.Message);
                await Task.Delay(Retry, stoppingToken);
            }
        }
    }
}
