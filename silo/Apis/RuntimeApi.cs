using System.Text.Json;
using Lottopar.Providers.PostgreSql.Metrics;
using Lottopar.Silo.Security;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace Lottopar.Silo.Apis;

/// <summary>
/// The platform's own numbers, for operations: LOTTOPAR staff only. They hold no personal data,
/// but grain counts and call volumes describe the operators' activity and the platform's load.
/// This silo's figures at the top level (grain calls and state writes per grain type, counted by our
/// call filter and storage provider; stream delivery; group commits; the process), and under
/// <c>orleans</c> the cluster's silos and its activations per grain class, as Orleans reports them.
/// </summary>
public static class RuntimeApi
{
    public static IEndpointRouteBuilder MapRuntimeApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/runtime").WithTags("Runtime");
        api.MapGet("/metrics", GetMetricsAsync)
            .RequireAuthorization(Policies.LottoparStaff)
            .Produces<PlatformMetricsSnapshot>()
            .WithName("GetRuntimeMetrics")
            .WithSummary("This silo's calls, errors, call latency, storage conflicts and write latency per grain type; delivery and lag per " +
                "stream subscription; group commits; the process; under 'orleans', the cluster's silos and activations per grain class.");
        return app;
    }

    public static async Task<IResult> GetMetricsAsync(
        PlatformMetricsCollector metrics, IClusterMembershipService membership, Orleans.IGrainFactory cluster, IOptions<HttpJsonOptions> json)
    {
        var options = json.Value.SerializerOptions;
        var body = JsonSerializer.SerializeToNode(metrics.Snapshot(), options)!.AsObject();
        body["orleans"] = JsonSerializer.SerializeToNode(await OrleansMetricsAsync(membership, cluster), options);
        return Results.Json(body, options);
    }

    private static async Task<OrleansMetrics> OrleansMetricsAsync(IClusterMembershipService membership, Orleans.IGrainFactory cluster)
    {
        var silos = membership.CurrentSnapshot.Members.Values
            .Where(m => m.Status is not SiloStatus.Dead)
            .Select(m => new OrleansSilo(m.SiloAddress.ToParsableString(), m.Name, m.Status.ToString()))
            .OrderBy(s => s.Address, StringComparer.Ordinal)
            .ToList();
        var statistics = await cluster.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics();
        var activations = statistics
            .GroupBy(s => s.GrainType.Split(',')[0]) // the class's full name, without its assembly
            .Select(g => new OrleansGrainActivations(g.Key, g.Sum(s => s.ActivationCount)))
            .OrderBy(a => a.GrainType, StringComparer.Ordinal)
            .ToList();
        return new OrleansMetrics(silos, activations);
    }
}

/// <param name="Silos">The silos that are not dead: joining, active, shutting down.</param>
public sealed record OrleansMetrics(IReadOnlyList<OrleansSilo> Silos, IReadOnlyList<OrleansGrainActivations> Activations);

public sealed record OrleansSilo(string Address, string Name, string Status);

public sealed record OrleansGrainActivations(string GrainType, int Activations);
