using System.Security.Claims;
using Lottopar.GrainInterfaces.Credentials;
using Lottopar.GrainInterfaces.Integrity;
using Lottopar.GrainInterfaces.Common;
using Lottopar.Silo.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lottopar.Silo.Integrity;

/// <summary>
/// The hours of the vault reconciled with the platform's records (rule 8, and the prize deadline):
/// an operator reads its own (key scope <c>read</c>) to find what to correct; LOTTOPAR staff read any.
/// </summary>
public static class ReconciliationApi
{
    public const int MaxDays = 31;

    public static IEndpointRouteBuilder MapReconciliationApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/integrity/reconciliations", ListAsync).WithTags("Integrity").RequireAuthorization(Policies.AnyCaller).RequireApiScope(ApiScope.Read)
            .WithName("ListReconciliations")
            .WithSummary("Hours of the vault reconciled with the API's events and the PSP's PIX, latest first, each difference with both sides (?from=&to= (at most 31 days)&rule=&differences=true&limit=; LOTTOPAR: ?oprid=).");
        return app;
    }

    public static async Task<Ok<IReadOnlyList<HourReconciled>>> ListAsync(
        DateTimeOffset? from, DateTimeOffset? to, string? oprid, string? rule, bool? differences, int? limit, ClaimsPrincipal user, ReconciliationStore store,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var end = to ?? clock.GetUtcNow();
        var start = from ?? end.AddDays(-1);
        var errors = new ValidationErrors();
        errors.Require(start < end && end - start <= TimeSpan.FromDays(MaxDays), from is null ? "to" : "from", $"from before to, at most {MaxDays} days apart.");
        errors.Require(limit is null or (>= 1 and <= ReconciliationStore.MaxPage), "limit", $"From 1 to {ReconciliationStore.MaxPage}.");
        errors.Require(rule is null || Grains.Integrity.IntegrityRules.Find(rule) is Grains.Integrity.OperatorReconciliationRule, "rule",
            "A reconciliation rule: " + string.Join(", ", Grains.Integrity.IntegrityRules.OfKind<Grains.Integrity.OperatorReconciliationRule>().Select(r => r.Id)) + ".");
        errors.ThrowIfAny();
        var owner = user.IsLottoparStaff() ? oprid : user.Own(oprid ?? user.OpridOf() ?? "");
        return TypedResults.Ok(await store.ListAsync(new ReconciliationQuery(owner, start, end, rule, differences ?? false, limit ?? ReconciliationStore.MaxPage), cancellationToken));
    }
}
