using System.Diagnostics;
using Lottopar.Providers.PostgreSql.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Hosting;

namespace Lottopar.Providers.PostgreSql.Calls;

/// <summary>
/// Counts every grain call this silo runs, per grain type: its time in the target activation and
/// whether it threw (<see cref="ProviderInstruments"/>; /runtime/metrics shows them). Orleans' own
/// meters count requests and activations for the whole silo, not per type.
/// </summary>
public sealed class GrainCallMetrics(ProviderInstruments instruments) : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var succeeded = false;
        try
        {
            await context.Invoke().ConfigureAwait(false);
            succeeded = true;
        }
        finally
        {
            instruments.RecordCall(GrainTypeTags.Of(context.TargetId.Type), Stopwatch.GetElapsedTime(started), succeeded);
        }
    }
}

public static class GrainCallMetricsRegistration
{
    public static ISiloBuilder AddGrainCallMetrics(this ISiloBuilder silo)
    {
        silo.Services.AddSingleton<IIncomingGrainCallFilter, GrainCallMetrics>();
        return silo;
    }
}
