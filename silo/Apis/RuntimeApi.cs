using Lottopar.Runtime.Metrics;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lottopar.Silo.Apis;

/// <summary>The actor runtime's own numbers, for the actor dashboard (a later issue) and for operations.</summary>
public static class RuntimeApi
{
    public static IEndpointRouteBuilder MapRuntimeApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/runtime").WithTags("Runtime");
        api.MapGet("/metrics", GetMetrics)
            .WithName("GetRuntimeMetrics")
            .WithSummary("Calls, errors, latency, activations, storage conflicts per grain type; delivery and lag per stream subscription.");
        return app;
    }

    public static Ok<RuntimeMetricsSnapshot> GetMetrics(RuntimeMetricsCollector metrics) => TypedResults.Ok(metrics.Snapshot());
}
