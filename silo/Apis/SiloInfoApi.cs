using System.Reflection;
using Lottopar.Runtime.Core;
using Lottopar.GrainInterfaces.Common;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Lottopar.Silo.Apis;

/// <summary>The root: what this process is and where its endpoints are.</summary>
public static class SiloInfoApi
{
    public static IEndpointRouteBuilder MapSiloInfoApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", GetInfo).WithName("GetSiloInfo").WithSummary("Name, version and endpoints of this silo.");
        return app;
    }

    public static Ok<SiloInfo> GetInfo(SiloIdentity silo, TimeProvider clock, IOptions<SiloOptions> options) => TypedResults.Ok(new SiloInfo(
        "Lottopar Actors",
        options.Value.Environment.Display(),
        typeof(SiloInfoApi).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown",
        silo.Name,
        clock.GetUtcNow(),
        new Dictionary<string, string>
        {
            ["live"] = "/health/live",
            ["ready"] = "/health/ready",
            ["runtimeMetrics"] = "/runtime/metrics",
            ["apiDocs"] = "/docs",
            ["openApi"] = "/openapi/v1.json",
            ["login"] = "/auth/login",
        }));
}

public sealed record SiloInfo(string Name, string Environment, string Version, string Silo, DateTimeOffset Now, IReadOnlyDictionary<string, string> Links);
