using System.Security.Claims;
using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Credentials;
using Lottopar.GrainInterfaces.Operators;
using Lottopar.Silo.Cluster;
using Lottopar.Silo.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lottopar.Silo.Apis;

/// <summary>
/// What an operator may read about itself, with an API key (scope "read") or an operator staff
/// session. Another operator's OPRID answers 404, as if it did not exist; LOTTOPAR staff may read any.
/// </summary>
public static class OperatorSelfApi
{
    public static IEndpointRouteBuilder MapOperatorSelfApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/operators/{oprid}").WithTags("Operator").RequireAuthorization(Policies.AnyCaller).RequireApiScope(ApiScope.Read).RequireKey("oprid", "operator");
        group.MapGet("/", GetOperator).WithName("GetOwnOperator").WithSummary("The operator's registration, license, contact and status.");
        group.MapGet("/lottery-provider", GetLotteryProvider).WithName("GetOwnLotteryProvider");
        group.MapGet("/vault", GetVault).WithName("GetOwnVaultCredentials");
        group.MapGet("/api-keys", GetApiKeys).WithName("GetOwnApiKeys").WithSummary("The operator's keys: prefixes, scopes, dates, never secrets.");
        return app;
    }

    public static async Task<Ok<OperatorView>> GetOperator(string oprid, ClaimsPrincipal user, Orleans.IGrainFactory grains) =>
        TypedResults.Ok(await grains.Keyed<IOperatorGrain>(user.Own(oprid)).GetAsync());

    public static async Task<Ok<LotteryProviderView>> GetLotteryProvider(string oprid, ClaimsPrincipal user, Orleans.IGrainFactory grains) =>
        TypedResults.Ok(await grains.Keyed<ILotteryProviderGrain>(user.Own(oprid)).GetAsync());

    public static async Task<Ok<VaultCredentialsView>> GetVault(string oprid, ClaimsPrincipal user, Orleans.IGrainFactory cluster) =>
        TypedResults.Ok(await cluster.Keyed<IVaultCredentialsGrain>(user.Own(oprid)).GetAsync());

    public static async Task<Ok<IReadOnlyList<ApiKeyView>>> GetApiKeys(string oprid, ClaimsPrincipal user, Orleans.IGrainFactory grains)
    {
        await grains.Keyed<IOperatorGrain>(user.Own(oprid)).GetAsync();
        return TypedResults.Ok(await grains.Keyed<IApiCredentialsGrain>(oprid).ListAsync());
    }
}
