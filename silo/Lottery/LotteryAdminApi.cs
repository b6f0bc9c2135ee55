using System.Globalization;
using System.Security.Claims;
using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Lottery;
using Lottopar.Grains.Lottery;
using Lottopar.Silo.Http;
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

        read.MapGet("/draws/{drawCode}/{day}/result", GetResult).WithName("GetDrawResult")
            .WithSummary("A draw's result on a day (yyyy-MM-dd): the entered one awaiting confirmation and the published one.");
        read.MapGet("/draws/{drawCode}/{day}/sales", GetSales).WithName("GetDrawSales")
            .WithSummary("Sales of a draw on a day: tickets, amounts, cancellations and payments, in total and per POS.");

        var admin = app.MapGroup("/admin/lottery").WithTags("Admin: lottery").RequireAuthorization(Policies.LottoparAdmin);
        admin.MapPut("/catalog", ReplaceCatalog).WithName("ReplaceLotteryCatalog").WithMaxRequestBody(256 * 1024)
            .WithSummary("Replaces the catalog: lotteries, draws (code, turn, draw and closing times), number types and pay table.");
        admin.MapPost("/draws/{drawCode}/{day}/result", EnterResult).WithName("EnterDrawResult")
            .WithSummary("Enters a draw's result ({\"triple\":\"987\",\"sign\":2}); it is published only when another admin confirms it.");
        admin.MapPost("/draws/{drawCode}/{day}/result/confirm", ConfirmResult).WithName("ConfirmDrawResult")
            .WithSummary("A second admin enters the same result again; it is then published.");
        admin.MapPut("/draws/{drawCode}/quota", SetDrawQuota).WithName("SetDrawQuota")
            .WithSummary("Changes the quota (cupo) per number of one draw, in centavos per number type: the types given change, the others keep theirs.");
        admin.MapDelete("/draws/{drawCode}/quota", ResetDrawQuota).WithName("ResetDrawQuota")
            .WithSummary("Returns a draw to the default quota.");
        return app;
    }

    public static async Task<Ok<LotterySettings>> GetSettings(Orleans.IGrainFactory grains) =>
        TypedResults.Ok(await Catalog(grains).GetAsync());

    public static async Task<Ok<LotterySettings>> SetDrawQuota(string drawCode, QuotaChange change, Orleans.IGrainFactory grains, ClaimsPrincipal user) =>
        TypedResults.Ok(await Catalog(grains).ChangeDrawQuotaAsync(drawCode, change, user.ToActor()));

    public static async Task<Ok<LotterySettings>> ResetDrawQuota(string drawCode, Orleans.IGrainFactory grains, ClaimsPrincipal user) =>
        TypedResults.Ok(await Catalog(grains).ResetDrawQuotaAsync(drawCode, user.ToActor()));

    public static async Task<Ok<LotterySettings>> ReplaceCatalog(LotteryCatalog catalog, Orleans.IGrainFactory grains, ClaimsPrincipal user) =>
        TypedResults.Ok(await Catalog(grains).ReplaceCatalogAsync(catalog, user.ToActor()));

    public static async Task<Ok<DrawResultView>> GetResult(string drawCode, string day, Orleans.IGrainFactory grains)
    {
        _ = (await Catalog(grains).GetAsync()).Catalog.FindDraw(drawCode) ?? throw new DomainNotFoundException($"The catalog has no draw {drawCode}.");
        return TypedResults.Ok(await Draw(grains, drawCode, day).GetAsync());
    }

    public static async Task<Ok<DrawResultView>> EnterResult(string drawCode, string day, DrawResult result, Orleans.IGrainFactory grains, ClaimsPrincipal user) =>
        TypedResults.Ok(await Draw(grains, drawCode, day).EnterResultAsync(result, user.ToActor()));

    public static async Task<Ok<DrawResultView>> ConfirmResult(string drawCode, string day, DrawResult result, Orleans.IGrainFactory grains, ClaimsPrincipal user) =>
        TypedResults.Ok(await Draw(grains, drawCode, day).ConfirmResultAsync(result, user.ToActor()));

    public static async Task<Ok<DrawSalesReport>> GetSales(string drawCode, string day, Orleans.IGrainFactory grains, DrawSalesReports reports, CancellationToken cancellationToken)
    {
        var draw = (await Catalog(grains).GetAsync()).Catalog.FindDraw(drawCode) ?? throw new DomainNotFoundException($"The catalog has no draw {drawCode}.");
        return TypedResults.Ok(await reports.ReadAsync(draw, ParseDay(day), cancellationToken));
    }

    private static ILotteryDrawGrain Draw(Orleans.IGrainFactory grains, string drawCode, string day) =>
        grains.Keyed<ILotteryDrawGrain>(new DrawDayKey(drawCode, ParseDay(day)).ToString());

    private static DateOnly ParseDay(string day) =>
        DateOnly.TryParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)
            ? parsed
            : throw DomainValidationException.For("day", "A day is written yyyy-MM-dd.");

    private static ILotteryCatalogGrain Catalog(Orleans.IGrainFactory grains) => grains.Keyed<ILotteryCatalogGrain>(LotteryCatalogGrain.Key);
}
