using System.Security.Claims;
using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Integrity;
using Lottopar.Grains.Integrity;
using Lottopar.Silo.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lottopar.Silo.Integrity;

/// <summary>
/// The integrity rules and alerts for LOTTOPAR: staff read; a rule change is proposed by one admin and
/// put in force by another (both audited); analysts and admins close alerts with a resolution.
/// </summary>
public static class IntegrityAdminApi
{
    public static IEndpointRouteBuilder MapIntegrityAdminApi(this IEndpointRouteBuilder app)
    {
        var rules = app.MapGroup("/admin/integrity/rules").WithTags("Admin: integrity");
        rules.MapGet("", ListRulesAsync).RequireAuthorization(Policies.LottoparStaff).WithName("ListIntegrityRules")
            .WithSummary("Every rule: what it watches, its parameters, the version in force and every version.");
        rules.MapGet("/{ruleId}", GetRuleAsync).RequireAuthorization(Policies.LottoparStaff).WithName("GetIntegrityRule");
        rules.MapPost("/{ruleId}/versions", ProposeAsync).RequireAuthorization(Policies.LottoparAdmin).WithName("ProposeIntegrityRuleVersion")
            .WithSummary("Proposes a new version: {enabled?, severity?, parameters?: {name: integer}, reason, shadow?}. Another admin approves it; a shadow version then runs beside the live one, raising nothing.");
        rules.MapPost("/{ruleId}/versions/{version:int}/approve", ApproveAsync).RequireAuthorization(Policies.LottoparAdmin).WithName("ApproveIntegrityRuleVersion")
            .WithSummary("Puts a proposed version in force; not by its proposer.");
        rules.MapPost("/{ruleId}/versions/{version:int}/reject", RejectAsync).RequireAuthorization(Policies.LottoparAdmin).WithName("RejectIntegrityRuleVersion")
            .WithSummary("Turns a proposed version down: {reason}.");
        rules.MapPost("/{ruleId}/versions/{version:int}/stop-shadow", StopShadowAsync).RequireAuthorization(Policies.LottoparAdmin).WithName("StopIntegrityRuleShadow")
            .WithSummary("Ends a version's shadow run.");
        rules.MapGet("/{ruleId}/shadow-findings", ShadowFindingsAsync).RequireAuthorization(Policies.LottoparStaff).WithName("IntegrityRuleShadowFindings")
            .WithSummary("What the rule's shadow versions would have raised, newest first (?version=&limit=).");
        rules.MapPost("/{ruleId}/backtest", BacktestAsync).RequireAuthorization(Policies.IntegrityAnalyst).WithName("BacktestIntegrityRule")
            .WithSummary("Runs the rule over stored history, raising nothing: {from, to (at most 31 days later), parameters?, severity?}; what it would have raised, by subject.");
        app.MapPost("/admin/integrity/alerts/{id:guid}/close", CloseAsync).WithTags("Admin: integrity").RequireAuthorization(Policies.IntegrityAnalyst)
            .WithName("CloseIntegrityAlert").WithSummary("Closes an alert: {resolution} (audited). A later finding opens a new alert.");
        app.MapPost("/admin/integrity/alerts/{id:guid}/snooze", SnoozeAsync).WithTags("Admin: integrity").RequireAuthorization(Policies.IntegrityAnalyst)
            .WithName("SnoozeIntegrityAlert").WithSummary("Snoozes the alert's rule for its subject: {until, reason} (audited); until then its findings raise and weigh nothing.");
        app.MapPost("/admin/integrity/blocked-players/lift", LiftBlockAsync).WithTags("Admin: integrity").RequireAuthorization(Policies.IntegrityAnalyst)
            .WithName("LiftPlayerBlock").WithSummary("Takes a player off an operator's blocked list: {oprid, cpf, reason} (audited); the player's score there starts again from zero.");
        app.MapPost("/admin/integrity/deadlines/check", CheckDeadlinesAsync).WithTags("Admin: integrity").RequireAuthorization(Policies.IntegrityAnalyst)
            .WithName("CheckIntegrityDeadlines")
            .WithSummary("Runs the regulatory deadline check now (it runs every 10 minutes by itself): per deadline rule, the obligations open and those overdue.");
        return app;
    }

    public static async Task<Ok<AlertView>> SnoozeAsync(
        Guid id, SnoozeRequest request, ClaimsPrincipal user, IntegrityAlertStore store, Orleans.IGrainFactory grains, CancellationToken cancellationToken)
    {
        var until = request.Until ?? throw DomainValidationException.For("until", "Until when, with its offset.");
        var (_, grainKey) = await IntegrityApi.VisibleAsync(id, user, store, cancellationToken);
        return TypedResults.Ok(await grains.Keyed<IIntegrityAlertGrain>(grainKey).SnoozeAsync(id, until, request.Reason ?? "", user.ToActor()));
    }

    public static async Task<NoContent> LiftBlockAsync(LiftBlockRequest request, ClaimsPrincipal user, Orleans.IGrainFactory grains, PersonalGrainKeys keys)
    {
        var errors = new ValidationErrors();
        var valid = Grains.Validation.Cpf.TryNormalize(request.Cpf, out var cpf);
        errors.Require(valid, "cpf", "A CPF: 11 digits, with or without punctuation, valid check digits.");
        errors.Require(!string.IsNullOrWhiteSpace(request.Oprid), "oprid", "The operator whose list the player is on.");
        errors.ThrowIfAny();
        await grains.Keyed<IPlayerWatchGrain>(keys.Player(cpf)).LiftBlockAsync(request.Oprid!, request.Reason ?? "", user.ToActor());
        return TypedResults.NoContent();
    }

    public static async Task<Ok<IReadOnlyList<RuleView>>> ListRulesAsync(Orleans.IGrainFactory grains) =>
        TypedResults.Ok(await Rulebook(grains).ListAsync());

    public static async Task<Ok<RuleView>> GetRuleAsync(string ruleId, Orleans.IGrainFactory grains) =>
        TypedResults.Ok(await Rulebook(grains).GetAsync(ruleId));

    public static async Task<Created<RuleVersionView>> ProposeAsync(string ruleId, RuleChangeRequest request, ClaimsPrincipal user, Orleans.IGrainFactory grains)
    {
        var proposed = await Rulebook(grains).ProposeAsync(ruleId, new RuleChange(request.Enabled, request.Severity, request.Parameters, request.Reason ?? "", request.Shadow ?? false), user.ToActor());
        return TypedResults.Created($"/admin/integrity/rules/{ruleId}", proposed);
    }

    public static async Task<Ok<RuleVersionView>> StopShadowAsync(string ruleId, int version, ClaimsPrincipal user, Orleans.IGrainFactory grains) =>
        TypedResults.Ok(await Rulebook(grains).StopShadowAsync(ruleId, version, user.ToActor()));

    public static async Task<Ok<DeadlineCheck>> CheckDeadlinesAsync(Orleans.IGrainFactory grains) =>
        TypedResults.Ok(await grains.Keyed<IIntegrityDeadlinesGrain>(IntegrityDeadlinesGrain.DefaultKey).CheckAsync());

    public static async Task<Ok<IReadOnlyList<ShadowFinding>>> ShadowFindingsAsync(string ruleId, int? version, int? limit, ShadowFindingStore store, CancellationToken cancellationToken)
    {
        _ = IntegrityRules.Find(ruleId) ?? throw new DomainNotFoundException($"There is no integrity rule '{ruleId}'.");
        if (limit is < 1 or > ShadowFindingStore.MaxPage)
        {
            throw DomainValidationException.For("limit", $"From 1 to {ShadowFindingStore.MaxPage}.");
        }

        return TypedResults.Ok(await store.ListAsync(ruleId, version, limit ?? 100, cancellationToken));
    }

    public static async Task<Ok<BacktestResult>> BacktestAsync(string ruleId, BacktestRequest request, BacktestRunner runner, CancellationToken cancellationToken) =>
        TypedResults.Ok(await runner.RunAsync(ruleId, request, cancellationToken));

    public static async Task<Ok<RuleVersionView>> ApproveAsync(string ruleId, int version, ClaimsPrincipal user, Orleans.IGrainFactory grains) =>
        TypedResults.Ok(await Rulebook(grains).ApproveAsync(ruleId, version, user.ToActor()));

    public static async Task<Ok<RuleVersionView>> RejectAsync(string ruleId, int version, ReasonRequest request, ClaimsPrincipal user, Orleans.IGrainFactory grains) =>
        TypedResults.Ok(await Rulebook(grains).RejectAsync(ruleId, version, request.Reason ?? "", user.ToActor()));

    public static async Task<Ok<AlertView>> CloseAsync(
        Guid id, CloseAlertRequest request, ClaimsPrincipal user, IntegrityAlertStore store, Orleans.IGrainFactory grains, CancellationToken cancellationToken)
    {
        var (_, grainKey) = await IntegrityApi.VisibleAsync(id, user, store, cancellationToken);
        return TypedResults.Ok(await grains.Keyed<IIntegrityAlertGrain>(grainKey).CloseAsync(id, request.Resolution ?? "", user.ToActor()));
    }

    private static IIntegrityRulebookGrain Rulebook(Orleans.IGrainFactory grains) => grains.Keyed<IIntegrityRulebookGrain>(IntegrityRulebookGrain.DefaultKey);
}

public sealed record RuleChangeRequest(bool? Enabled, RuleSeverity? Severity, Dictionary<string, long>? Parameters, string? Reason, bool? Shadow);

public sealed record ReasonRequest(string? Reason);

public sealed record CloseAlertRequest(string? Resolution);

public sealed record SnoozeRequest(DateTimeOffset? Until, string? Reason);

public sealed record LiftBlockRequest(string? Oprid, string? Cpf, string? Reason);
