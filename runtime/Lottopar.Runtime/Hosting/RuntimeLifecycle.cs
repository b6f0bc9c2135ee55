using Lottopar.Runtime.Core;
using Lottopar.Runtime.Metrics;
using Lottopar.Runtime.Streams;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lottopar.Runtime.Hosting;

/// <summary>
/// Checks the configuration when the silo starts (options, every subscription's consumer
/// implemented) and, when it stops, refuses new calls and deactivates every grain.
/// </summary>
internal sealed class RuntimeLifecycle(
    ActivationCatalog catalog,
    GrainTypeRegistry registry,
    IEnumerable<StreamSubscription> subscriptions,
    IServiceProvider services,
    RuntimeMetricsCollector metrics,
    SiloIdentity silo,
    IOptions<ActorRuntimeOptions> options,
    ILogger<RuntimeLifecycle> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        options.Value.Validate();
        foreach (var subscription in subscriptions)
        {
            subscription.Validate(services);
        }

        _ = metrics; // listening starts with the silo, before the first call
        logger.LogInformation("Actor runtime started as {Silo} with {GrainTypes} grain types and {Subscriptions} stream subscriptions",
            silo.Name, registry.Types.Count(), subscriptions.Count());
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        logger.LogInformation("Deactivating {Count} activations", catalog.Count);
        await catalog.StopAsync(cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>Deactivates activations that have been idle longer than the idle timeout.</summary>
internal sealed class ActivationCollector(ActivationCatalog catalog, IOptions<ActorRuntimeOptions> options, ILogger<ActivationCollector> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CollectionInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                var collected = catalog.CollectIdle();
                if (collected > 0)
                {
                    logger.LogDebug("Collecting {Count} idle activations", collected);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}

/// <summary>Times out overdue grain calls; sweeps four times per call timeout (at most once a second).</summary>
internal sealed class CallTimeoutSweeper(ActivationCatalog catalog, IOptions<ActorRuntimeOptions> options) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var quarter = options.Value.CallTimeout / 4;
        using var timer = new PeriodicTimer(quarter < TimeSpan.FromSeconds(1) ? quarter : TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                catalog.ExpireOverdueCalls();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
