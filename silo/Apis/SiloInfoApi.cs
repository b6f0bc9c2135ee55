using System.Reflection;
using Lottopar.Runtime.Core;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lottopar.Silo.Apis;

/// <summary>The root: what this process is and where its endpoints are.</summary>
public static class SiloInfoApi
{
    public static IEndpointRouteBuilder MapSiloInfoApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", GetInfo).WithName("GetSiloInfo").WithSummary("Name, version and endpoints of this silo.");
        return app;
    }

    public static Ok<SiloInfo> GetInfo(SiloIdentity silo, TimeProvider clock) => TypedResults.Ok(new SiloInfo(
        "Lottopar Actors",
        typeof(SiloInfoApi).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown",
        silo.Name,
        clock.GetUtcNow(),
        new Dictionary<string, string>
        {
            ["live"] = "/health/live",
            ["ready"] = "/health/ready",
            ["runtimeMetrics"] = "/runtime/metrics",
        }));
}

public sealed record SiloInfo(string Name, string Version, string Silo, DateTimeOffset Now, IReadOnlyDictionary<string, string> Links);
