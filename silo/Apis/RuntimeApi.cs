using Lottopar.Runtime.Metrics;
using Lottopar.Silo.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lottopar.Silo.Apis;

/// <summary>
/// The actor runtime's own numbers, for the actor dashboard (a later issue) and for operations:
/// LOTTOPAR staff only. They hold no personal data, but grain counts and call volumes describe
/// the operators' activity and the platform's load.
/// </summary>
public static class RuntimeApi
{
    public static IEndpointRouteBuilder MapRuntimeApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/runtime").WithTags("Runtime");
        api.MapGet("/metrics", GetMetrics)
            .RequireAuthorization(Policies.LottoparStaff)
            .WithName("GetRuntimeMetrics")
            .WithSummary("Calls, errors, latency, activations, storage conflicts per grain type; delivery and lag per stream subscription.");
        return app;
    }

    public static Ok<RuntimeMetricsSnapshot> GetMetrics(RuntimeMetricsCollector metrics) => TypedResults.Ok(metrics.Snapshot());
}
