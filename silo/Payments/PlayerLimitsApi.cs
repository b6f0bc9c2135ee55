using System.Security.Claims;
using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Credentials;
using Lottopar.GrainInterfaces.Payments;
using Lottopar.Silo.CpfChecks;
using Lottopar.Silo.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lottopar.Silo.Payments;

/// <summary>
/// What an operator keeps for its players (scope "payments"): deposit limits per day, week or month of
/// Brasília's calendar (a cut applies at once, a raise or removal after 24 hours) and the payout
/// account (a PIX key the player holds). The CPF travels in the body. An operator sees and sets its
/// own players' only.
/// </summary>
public static class PlayerLimitsApi
{
    public static IEndpointRouteBuilder MapPlayerLimitsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/players/deposit-limits").WithTags("Payments").RequireAuthorization(Policies.ApiKeyCaller).RequireApiScope(ApiScope.Payments);
        group.MapPut("", SetAsync).WithName("SetDepositLimit")
            .WithSummary("Sets a player's deposit limit: {cpf, period: day|week|month, amount (centavos; null removes)}.");
        group.MapPost("/lookup", LookupAsync).WithName("LookupDepositLimits").WithSummary("A player's limits and what counts against each now: {cpf}.");
        app.MapPut("/players/pause", SetPauseAsync).WithTags("Payments").RequireAuthorization(Policies.ApiKeyCaller).RequireApiScope(ApiScope.Payments)
            .WithName("SetPlayerPause")
            .WithSummary("A cooling-off (1 to 42 days) or self-exclusion (30 days or more; null: for good) the player asked for: {cpf, kind: cooling_off|self_exclusion, until}. No deposits meanwhile; never shortened.");
        var payout = app.MapGroup("/players/payout-account").WithTags("Payments").RequireAuthorization(Policies.ApiKeyCaller).RequireApiScope(ApiScope.Payments);
        payout.MapPut("", SetPayoutAccountAsync).WithName("SetPayoutAccount")
            .WithSummary("Registers or changes where a player's payouts go: {cpf, pixKey}; the PSP's directory must say the player holds the key.");
        payout.MapPost("/lookup", LookupPayoutAccountAsync).WithName("LookupPayoutAccount").WithSummary("A player's payout account, the key masked: {cpf}.");
        return app;
    }

    public static async Task<Ok<PlayerFundsView>> SetAsync(DepositLimitBody body, ClaimsPrincipal user, Orleans.IGrainFactory grains, PersonalGrainKeys keys)
    {
        var cpf = CpfBody.RequireCpf(body.Cpf);
        var period = body.Period ?? throw DomainValidationException.For("period", "One of: day, week, month.");
        return TypedResults.Ok(await Funds(grains, keys, user, cpf).SetDepositLimitAsync(cpf, period, body.Amount, user.ToActor()));
    }

    public static async Task<Ok<PlayerFundsView>> LookupAsync(CpfBody body, ClaimsPrincipal user, Orleans.IGrainFactory grains, PersonalGrainKeys keys)
    {
        var cpf = body.Normalized();
        return TypedResults.Ok(await Funds(grains, keys, user, cpf).GetAsync(cpf));
    }

    public static async Task<Ok<PlayerFundsView>> SetPauseAsync(PauseBody body, ClaimsPrincipal user, Orleans.IGrainFactory grains, PersonalGrainKeys keys)
    {
        var cpf = CpfBody.RequireCpf(body.Cpf);
        var kind = body.Kind ?? throw DomainValidationException.For("kind", "One of: cooling_off, self_exclusion.");
        return TypedResults.Ok(await Funds(grains, keys, user, cpf).SetPauseAsync(cpf, kind, body.Until, user.ToActor()));
    }

    public static async Task<Ok<PayoutAccountView>> SetPayoutAccountAsync(PayoutAccountBody body, ClaimsPrincipal user, Orleans.IGrainFactory grains, PersonalGrainKeys keys)
    {
        var cpf = CpfBody.RequireCpf(body.Cpf);
        return TypedResults.Ok(await Funds(grains, keys, user, cpf).SetPayoutAccountAsync(cpf, body.PixKey?.Trim() ?? "", user.ToActor()));
    }

    public static async Task<Ok<PayoutAccountView>> LookupPayoutAccountAsync(CpfBody body, ClaimsPrincipal user, Orleans.IGrainFactory grains, PersonalGrainKeys keys)
    {
        var cpf = body.Normalized();
        return TypedResults.Ok(await Funds(grains, keys, user, cpf).GetPayoutAccountViewAsync(cpf));
    }

    private static IPlayerFundsGrain Funds(Orleans.IGrainFactory grains, PersonalGrainKeys keys, ClaimsPrincipal user, string cpf) =>
        grains.Keyed<IPlayerFundsGrain>(new PlayerFundsKey(keys.Player(cpf), user.OpridOf()!).ToString());
}

public sealed record DepositLimitBody(string? Cpf, DepositLimitPeriod? Period, long? Amount);

public sealed record PayoutAccountBody(string? Cpf, string? PixKey);

public sealed record PauseBody(string? Cpf, PlayerPauseKind? Kind, DateTimeOffset? Until);
