using System.Reflection;
using System.Security.Claims;
using Lottopar.GrainInterfaces.Common;
using Lottopar.Silo.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace Lottopar.Silo.Apis;

/// <summary>The root: what this process is and where its endpoints are.</summary>
public static class SiloInfoApi
{
    public static IEndpointRouteBuilder MapSiloInfoApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", GetInfo).WithName("GetSiloInfo").WithSummary("Name, version and endpoints of this silo.");
        return app;
    }

    /// <summary>The build (with its commit) and the silo's name are for LOTTOPAR staff only: they help an attacker pick exploits.</summary>
    public static Ok<SiloInfo> GetInfo(ILocalSiloDetails silo, TimeProvider clock, IOptions<SiloOptions> options, ClaimsPrincipal user) => TypedResults.Ok(new SiloInfo(
        "Lottopar Actors",
        options.Value.Environment.Display(),
        user.IsLottoparStaff() ? typeof(SiloInfoApi).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown" : null,
        user.IsLottoparStaff() ? $"{silo.Name} ({silo.SiloAddress.ToParsableString()})" : null,
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

public sealed record SiloInfo(string Name, string Environment, string? Version, string? Silo, DateTimeOffset Now, IReadOnlyDictionary<string, string> Links);
