using System.Security.Claims;
using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Credentials;
using Lottopar.GrainInterfaces.Integrity;
using Lottopar.Grains.Validation;
using Lottopar.Silo.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lottopar.Silo.Integrity;

/// <summary>
/// Integrity alerts for the operators they are about (key scope <c>read</c> to read, <c>integrity</c>
/// to answer) and for LOTTOPAR staff, who see every alert, those about a player across operators
/// included. An operator never sees another's alert: any other id is a 404.
/// </summary>
public static class IntegrityApi
{
    public const int DefaultLimit = 50;

    public static IEndpointRouteBuilder MapIntegrityApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/integrity/alerts").WithTags("Integrity").RequireAuthorization(Policies.AnyCaller);
        group.MapGet("", ListAsync).RequireApiScope(ApiScope.Read).WithName("ListIntegrityAlerts")
            .WithSummary("Alerts, latest finding first (?status=open|acknowledged|closed&rule=&oprid= (LOTTOPAR)&before=&limit=); CPFs masked.");
        group.MapGet("/{id:guid}", GetAsync).RequireApiScope(ApiScope.Read).WithName("GetIntegrityAlert")
            .WithSummary("One alert with its evidence, the operator's answer and LOTTOPAR's resolution.");
        group.MapPost("/{id:guid}/acknowledge", AcknowledgeAsync).RequireApiScope(ApiScope.Integrity).WithName("AcknowledgeIntegrityAlert")
            .WithSummary("The operator's answer to an alert about its business: {\"action\"}, the action it took (audited).");
        app.MapGet("/integrity/risk", RiskAsync).WithTags("Integrity").RequireAuthorization(Policies.AnyCaller).RequireApiScope(ApiScope.Read).WithName("OperatorRisk")
            .WithSummary("Operators' risk from their open alerts, highest first, and whether each is highlighted: an operator its own; LOTTOPAR all (?oprid=&highlighted=true).");
        var blocked = app.MapGroup("/integrity/blocked-players").WithTags("Integrity").RequireAuthorization(Policies.AnyCaller).RequireApiScope(ApiScope.Read);
        blocked.MapGet("", ListBlockedAsync).WithName("ListBlockedPlayers")
            .WithSummary("The players the operator must keep from betting and moving money, newest first (?limit=; LOTTOPAR: ?oprid=, CPFs masked).");
        blocked.MapPost("/lookup", LookupBlockedAsync).WithName("LookupBlockedPlayer")
            .WithSummary("Whether a player is on the operator's blocked list: {cpf} (LOTTOPAR: {cpf, oprid}).");
        return app;
    }

    public static async Task<Ok<IReadOnlyList<OperatorRiskChanged>>> RiskAsync(string? oprid, bool? highlighted, ClaimsPrincipal user, OperatorRiskStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.ListAsync(user.IsLottoparStaff() ? oprid : user.Own(oprid ?? user.OpridOf() ?? ""), highlighted ?? false, cancellationToken));

    public static async Task<Ok<IReadOnlyList<BlockedPlayer>>> ListBlockedAsync(string? oprid, int? limit, ClaimsPrincipal user, BlockedPlayersStore store, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > BlockedPlayersStore.MaxPage)
        {
            throw DomainValidationException.For("limit", $"From 1 to {BlockedPlayersStore.MaxPage}.");
        }

        var staff = user.IsLottoparStaff();
        var players = await store.ListAsync(staff ? oprid : user.Own(oprid ?? user.OpridOf() ?? ""), limit ?? BlockedPlayersStore.MaxPage, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<BlockedPlayer>>(staff ? [.. players.Select(p => p with { Cpf = Cpf.Mask(p.Cpf) })] : players);
    }

    public static async Task<Ok<BlockedPlayerLookup>> LookupBlockedAsync(BlockedPlayerQuery query, ClaimsPrincipal user, BlockedPlayersStore store, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var valid = Cpf.TryNormalize(query.Cpf, out var cpf);
        errors.Require(valid, "cpf", "A CPF: 11 digits, with or without punctuation, valid check digits.");
        errors.Require(!user.IsLottoparStaff() || !string.IsNullOrEmpty(query.Oprid), "oprid", "The operator whose list to look in.");
        errors.ThrowIfAny();
        var oprid = user.IsLottoparStaff() ? query.Oprid! : user.Own(query.Oprid ?? user.OpridOf() ?? "");
        var found = await store.FindAsync(oprid, cpf, cancellationToken);
        return TypedResults.Ok(new BlockedPlayerLookup(Cpf.Mask(cpf), found is not null, found?.Since, found?.Reason));
    }

    public static async Task<Ok<IReadOnlyList<AlertView>>> ListAsync(
        string? status, string? rule, string? oprid, DateTimeOffset? before, int? limit, ClaimsPrincipal user, IntegrityAlertStore store, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        errors.Require(status is null or "open" or "acknowledged" or "closed", "status", "open, acknowledged or closed.");
        errors.Require(limit is null or (>= 1 and <= IntegrityAlertStore.MaxPage), "limit", $"From 1 to {IntegrityAlertStore.MaxPage}.");
        errors.ThrowIfAny();
        var owner = user.IsLottoparStaff() ? oprid : user.Own(oprid ?? user.OpridOf() ?? "");
        var alerts = await store.ListAsync(new AlertQuery(owner, status, rule, before, limit ?? DefaultLimit), cancellationToken);
        return TypedResults.Ok<IReadOnlyList<AlertView>>([.. alerts.Select(Masked)]);
    }

    public static async Task<Ok<AlertView>> GetAsync(Guid id, ClaimsPrincipal user, IntegrityAlertStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok((await VisibleAsync(id, user, store, cancellationToken)).Alert);

    public static async Task<Ok<AlertView>> AcknowledgeAsync(
        Guid id, AcknowledgeRequest request, ClaimsPrincipal user, IntegrityAlertStore store, Orleans.IGrainFactory grains, CancellationToken cancellationToken)
    {
        // Only the operator the alert is about answers it; LOTTOPAR closes alerts (/admin/integrity).
        if (user.OpridOf() is null)
        {
            throw NotFound(id);
        }

        var (_, grainKey) = await VisibleAsync(id, user, store, cancellationToken);
        return TypedResults.Ok(await grains.Keyed<IIntegrityAlertGrain>(grainKey).AcknowledgeAsync(id, request.Action ?? "", user.ToActor()));
    }

    /// <summary>The alert and its grain's key when this caller may see it: LOTTOPAR staff any; an operator its own (never one without an operator).</summary>
    internal static async Task<(AlertView Alert, string GrainKey)> VisibleAsync(Guid id, ClaimsPrincipal user, IntegrityAlertStore store, CancellationToken cancellationToken)
    {
        var found = await store.FindAsync(id, cancellationToken);
        if (found is not { } alert || !(user.IsLottoparStaff() || (alert.Alert.Subject.Oprid is { } oprid && user.MaySee(oprid))))
        {
            throw NotFound(id);
        }

        return alert;
    }

    internal static AlertView Masked(AlertView alert) => alert with { Cpf = alert.Cpf is null ? null : Cpf.Mask(alert.Cpf) };

    private static DomainNotFoundException NotFound(Guid id) => new($"There is no alert {id}.");
}

public sealed record AcknowledgeRequest(string? Action);

public sealed record BlockedPlayerQuery(string? Cpf, string? Oprid);

/// <summary>Whether the player is on the operator's blocked list, since when and why.</summary>
public sealed record BlockedPlayerLookup(string Cpf, bool Blocked, DateTimeOffset? Since, string? Reason);
