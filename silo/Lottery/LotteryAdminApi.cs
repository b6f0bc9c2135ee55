using System.Security.Claims;
using Lottopar.GrainInterfaces.Lottery;
using Lottopar.Grains.Lottery;
using Lottopar.Runtime;
using Lottopar.Silo.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lottopar.Silo.Lottery;

/// <summary>LOTTOPAR's administration of lottery sales: the catalog and the quotas per draw.</summary>
public static class LotteryAdminApi
{
    public static IEndpointRouteBuilder MapLotteryAdminApi(this IEndpointRouteBuilder app)
    {
        var read = app.MapGroup("/admin/lottery").WithTags("Admin: lottery").RequireAuthorization(Policies.LottoparStaff);
        read.MapGet("/settings", GetSettings).WithName("GetLotterySettings")
            .WithSummary("The catalog (lotteries, draws, turns, closing times, number types), pay table and quotas.");

        var admin = app.MapGroup("/admin/lottery").WithTags("Admin: lottery").RequireAuthorization(Policies.LottoparAdmin);
        admin.MapPut("/draws/{drawCode}/quota", SetDrawQuota).WithName("SetDrawQuota")
            .WithSummary("Sets the quota (cupo) per number of one draw, in centavos per number type.");
        admin.MapDelete("/draws/{drawCode}/quota", ResetDrawQuota).WithName("ResetDrawQuota")
            .WithSummary("Returns a draw to the default quota.");
        return app;
    }

    public static async Task<Ok<LotterySettings>> GetSettings(IGrainFactory grains) =>
        TypedResults.Ok(await Catalog(grains).GetAsync());

    public static async Task<Ok<LotterySettings>> SetDrawQuota(string drawCode, QuotaTable quota, IGrainFactory grains, ClaimsPrincipal user) =>
        TypedResults.Ok(await Catalog(grains).SetDrawQuotaAsync(drawCode, quota, user.ToActor()));

    public static async Task<Ok<LotterySettings>> ResetDrawQuota(string drawCode, IGrainFactory grains, ClaimsPrincipal user) =>
        TypedResults.Ok(await Catalog(grains).SetDrawQuotaAsync(drawCode, null, user.ToActor()));

    private static ILotteryCatalogGrain Catalog(IGrainFactory grains) => grains.GetGrain<ILotteryCatalogGrain>(LotteryCatalogGrain.Key);
}
