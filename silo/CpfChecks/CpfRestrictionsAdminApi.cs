using System.Security.Claims;
using System.Text.Json;
using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.CpfChecks;
using Lottopar.Silo.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Lottopar.Silo.CpfChecks;

/// <summary>
/// LOTTOPAR's lists against CPFs (Lei 14.790/2023 art. 26 bars; LOTTOPAR's own self-exclusions),
/// kept by admins and read by staff. A CPF travels in request bodies only, never in an address
/// (addresses end up in proxies' and servers' logs); lists show it masked. Every change is audited.
/// </summary>
public static class CpfRestrictionsAdminApi
{
    public static IEndpointRouteBuilder MapCpfRestrictionsAdminApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/admin/cpf-restrictions").WithTags("Admin: CPF restrictions");
        group.MapGet("", ListAsync).RequireAuthorization(Policies.LottoparStaff).WithName("ListCpfRestrictions")
            .WithSummary("Every entry, CPFs masked (?kind=barred|self_exclusion&category=&in_force=true|false).");
        group.MapPost("/lookup", LookupAsync).RequireAuthorization(Policies.LottoparStaff).WithName("LookupCpfRestrictions")
            .WithSummary("The entries of one CPF (in the body: {\"cpf\": ...}).");
        group.MapPost("", AddAsync).RequireAuthorization(Policies.LottoparAdmin).WithName("AddCpfRestriction")
            .WithSummary("Bars a CPF (kind barred, with a category) or puts it on LOTTOPAR's self-exclusion list (kind self_exclusion, with a period).");
        group.MapPost("/{id:guid}/remove", RemoveAsync).RequireAuthorization(Policies.LottoparAdmin).WithName("RemoveCpfRestriction")
            .WithSummary("Ends an entry; it is kept, marked removed, with the reason.");
        return app;
    }

    public static async Task<Ok<IReadOnlyList<CpfRestrictionView>>> ListAsync(
        string? kind, string? category, [Microsoft.AspNetCore.Mvc.FromQuery(Name = "in_force")] bool? inForce, NpgsqlDataSource dataSource, TimeProvider clock, CancellationToken cancellationToken)
    {
        CpfRestrictionKind? kindFilter = kind is null ? null : ParseKind(kind);
        BarredCategory? categoryFilter = category is null ? null : ParseCategory(category);
        var now = clock.GetUtcNow();
        const string sql = "select state->>'cpf', state->'restrictions' from grain_state where grain_type = 'cpf_restrictions' and state->>'cpf' is not null";
        await using var command = dataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var views = new List<CpfRestrictionView>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var cpf = reader.GetString(0);
            var restrictions = JsonSerializer.Deserialize<List<CpfRestriction>>(reader.GetString(1), JsonSerializerOptions.Web) ?? [];
            views.AddRange(restrictions
                .Where(r => (kindFilter is null || r.Kind == kindFilter) && (categoryFilter is null || r.Category == categoryFilter) && (inForce is null || r.InForceAt(now) == inForce))
                .Select(r => CpfRestrictionView.Of(cpf, r, now)));
        }

        return TypedResults.Ok<IReadOnlyList<CpfRestrictionView>>([.. views.OrderByDescending(v => v.AddedAt)]);
    }

    public static async Task<Ok<IReadOnlyList<CpfRestrictionView>>> LookupAsync(CpfBody request, Orleans.IGrainFactory grains, PersonalGrainKeys keys, TimeProvider clock)
    {
        var cpf = CpfBody.RequireCpf(request.Cpf);
        var restrictions = await grains.Keyed<ICpfRestrictionsGrain>(keys.Player(cpf)).GetAsync(cpf);
        var now = clock.GetUtcNow();
        return TypedResults.Ok<IReadOnlyList<CpfRestrictionView>>([.. restrictions.Select(r => CpfRestrictionView.Of(cpf, r, now))]);
    }

    public static async Task<Created<CpfRestrictionView>> AddAsync(
        CpfRestrictionAddition request, ClaimsPrincipal user, Orleans.IGrainFactory grains, PersonalGrainKeys keys, TimeProvider clock)
    {
        var cpf = CpfBody.RequireCpf(request.Cpf);
        var kind = ParseKind(request.Kind);
        var category = request.Category is null ? (BarredCategory?)null : ParseCategory(request.Category);
        var added = await grains.Keyed<ICpfRestrictionsGrain>(keys.Player(cpf))
            .AddAsync(cpf, new CpfRestrictionRequest(kind, category, request.Since, request.Until, request.Note ?? ""), user.ToActor());
        return TypedResults.Created($"/admin/cpf-restrictions/{added.Id}", CpfRestrictionView.Of(cpf, added, clock.GetUtcNow()));
    }

    public static async Task<Ok<CpfRestrictionView>> RemoveAsync(
        Guid id, CpfRestrictionRemoval request, ClaimsPrincipal user, Orleans.IGrainFactory grains, PersonalGrainKeys keys, TimeProvider clock)
    {
        var cpf = CpfBody.RequireCpf(request.Cpf);
        var removed = await grains.Keyed<ICpfRestrictionsGrain>(keys.Player(cpf)).RemoveAsync(cpf, id, request.Reason ?? "", user.ToActor());
        return TypedResults.Ok(CpfRestrictionView.Of(cpf, removed, clock.GetUtcNow()));
    }

    private static CpfRestrictionKind ParseKind(string? kind) => kind switch
    {
        "barred" => CpfRestrictionKind.Barred,
        "self_exclusion" => CpfRestrictionKind.SelfExclusion,
        _ => throw DomainValidationException.For("kind", "One of: barred, self_exclusion."),
    };

    private static BarredCategory ParseCategory(string category) =>
        BarredCategories.TryParse(category, out var parsed) ? parsed : throw DomainValidationException.For("category", $"One of: {string.Join(", ", BarredCategories.All)}.");
}

public sealed record CpfRestrictionAddition(string? Cpf, string? Kind, string? Category, DateTimeOffset? Since, DateTimeOffset? Until, string? Note);

public sealed record CpfRestrictionRemoval(string? Cpf, string? Reason);

/// <summary>An entry as staff see it: the CPF masked, kind and category in their wire names, whether it is in force now.</summary>
public sealed record CpfRestrictionView(
    Guid Id, string Cpf, string Kind, string? Category, DateTimeOffset Since, DateTimeOffset? Until, string Note,
    string AddedBy, DateTimeOffset AddedAt, string? RemovedBy, DateTimeOffset? RemovedAt, string? RemovalReason, bool InForce)
{
    public static CpfRestrictionView Of(string cpf, CpfRestriction r, DateTimeOffset now) => new(
        r.Id, Grains.Validation.Cpf.Mask(cpf), r.Kind == CpfRestrictionKind.Barred ? "barred" : "self_exclusion", r.Category?.WireName(), r.Since, r.Until, r.Note,
        r.AddedBy, r.AddedAt, r.RemovedBy, r.RemovedAt, r.RemovalReason, r.InForceAt(now));
}
