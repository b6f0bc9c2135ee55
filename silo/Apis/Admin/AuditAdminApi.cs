using Lottopar.Silo.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lottopar.Silo.Apis.Admin;

/// <summary>The audit log and the security log, for LOTTOPAR staff (admins, integrity analysts, auditors).</summary>
public static class AuditAdminApi
{
    public static IEndpointRouteBuilder MapAuditAdminApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/admin").WithTags("Admin: audit").RequireAuthorization(Policies.LottoparStaff);
        group.MapGet("/audit", Audit).WithName("QueryAuditLog")
            .WithSummary("Administrative actions, newest first: filter by oprid (an operator and its keys), targetType, targetId, actor, action, from, to; limit (default 100, at most 1000).");
        group.MapGet("/security-events", SecurityEvents).WithName("QuerySecurityEvents")
            .WithSummary("Refused access attempts, newest first: filter by oprid, code, from, to; limit.");
        return app;
    }

    public static async Task<Ok<IReadOnlyList<AuditRecord>>> Audit(
        string? oprid, string? targetType, string? targetId, string? actor, string? action, DateTimeOffset? from, DateTimeOffset? to, int? limit,
        ReadModels readModels, CancellationToken cancellationToken) =>
        TypedResults.Ok(await readModels.AuditAsync(new AuditQuery(targetType, targetId, actor, action, from, to, limit, oprid), cancellationToken));

    public static async Task<Ok<IReadOnlyList<SecurityRecord>>> SecurityEvents(
        string? oprid, string? code, DateTimeOffset? from, DateTimeOffset? to, int? limit, ReadModels readModels, CancellationToken cancellationToken) =>
        TypedResults.Ok(await readModels.SecurityEventsAsync(new SecurityQuery(oprid, code, from, to, limit), cancellationToken));
}
