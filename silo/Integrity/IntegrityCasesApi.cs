using System.Security.Claims;
using System.Security.Cryptography;
using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Integrity;
using Lottopar.GrainInterfaces.Staff;
using Lottopar.Grains.Common;
using Lottopar.Grains.Integrity;
using Lottopar.Providers.Abstractions;
using Lottopar.Silo.Apis;
using Lottopar.Silo.Http;
using Lottopar.Silo.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lottopar.Silo.Integrity;

/// <summary>
/// Integrity cases, LOTTOPAR's own: analysts and admins open them from alerts and work them (assign,
/// comment, attach, escalate, suspend, close); staff read them. Every step is audited by the case grain.
/// </summary>
public static class IntegrityCasesApi
{
    /// <summary>The largest attachment, before base64.</summary>
    public const int MaxAttachmentBytes = 1024 * 1024;

    public static IEndpointRouteBuilder MapIntegrityCasesApi(this IEndpointRouteBuilder app)
    {
        var cases = app.MapGroup("/admin/integrity/cases").WithTags("Admin: integrity cases");
        cases.MapPost("", OpenAsync).RequireAuthorization(Policies.IntegrityAnalyst).WithName("OpenIntegrityCase")
            .WithSummary("Opens a case from alerts: {title, alertIds}.");
        cases.MapGet("", ListAsync).RequireAuthorization(Policies.LottoparStaff).WithName("ListIntegrityCases")
            .WithSummary("Cases, newest first (?status=open|suspended|closed&assignee=&limit=).");
        cases.MapGet("/{id:guid}", GetAsync).RequireAuthorization(Policies.LottoparStaff).WithName("GetIntegrityCase");
        cases.MapGet("/{id:guid}/attachments/{sha256}", AttachmentAsync).RequireAuthorization(Policies.LottoparStaff).WithName("GetIntegrityCaseAttachment");
        cases.MapGet("/{id:guid}/coaf", CoafAsync).RequireAuthorization(Policies.IntegrityAnalyst).WithName("ExportIntegrityCaseToCoaf")
            .WithSummary("The case in the layout LOTTOPAR files with COAF (XML, docs/coaf-export.xsd), CPFs in full: classified money_laundering, match_fixing or fraud only. Audited.");
        var work = cases.MapGroup("/{id:guid}").RequireAuthorization(Policies.IntegrityAnalyst);
        work.MapPost("/alerts", AddAlertAsync).WithName("AddIntegrityCaseAlert").WithSummary("Adds an alert: {alertId}.");
        work.MapPost("/assign", AssignAsync).WithName("AssignIntegrityCase").WithSummary("Gives the case to a LOTTOPAR analyst or admin: {assignee} (their e-mail).");
        work.MapPost("/comments", CommentAsync).WithName("CommentIntegrityCase").WithSummary("{text}");
        work.MapPost("/attachments", AttachAsync).WithName("AttachToIntegrityCase").WithMaxRequestBody(2 * MaxAttachmentBytes)
            .WithSummary("Attaches a file: {name, mediaType, contentBase64} (at most 1 MiB).");
        work.MapPost("/escalate", EscalateAsync).WithName("EscalateIntegrityCase").WithSummary("One level up (at most 3): {reason}.");
        work.MapPost("/suspend", SuspendAsync).WithName("SuspendIntegrityCase").WithSummary("Puts the case aside until an instant, when it reopens by itself: {until, reason}.");
        work.MapPost("/classify", ClassifyAsync).WithName("ClassifyIntegrityCase")
            .WithSummary("What the case is about: {category: match_fixing|money_laundering|fraud|responsible_gaming|other}; match_fixing must be reported within 5 working days.");
        work.MapPost("/report", ReportAsync).WithName("ReportIntegrityCase")
            .WithSummary("Records the case's report to an authority: {authority: coaf|spa|police|sports_body, protocol}.");
        work.MapPost("/close", CloseAsync).WithName("CloseIntegrityCase")
            .WithSummary("Closes the case and its open alerts: {resolution: confirmed|false_positive|no_action, text}.");
        app.MapGet("/admin/integrity/rules/stats", RuleStatsAsync).WithTags("Admin: integrity").RequireAuthorization(Policies.LottoparStaff).WithName("IntegrityRuleStats")
            .WithSummary("Per rule: findings in the last seven days, and the false-positive rate of its alerts in closed cases.");
        return app;
    }

    public static async Task<Created<CaseView>> OpenAsync(OpenCaseRequest request, ClaimsPrincipal user, IntegrityAlertStore alerts, Orleans.IGrainFactory grains, CancellationToken cancellationToken)
    {
        var ids = request.AlertIds ?? [];
        var linked = new List<CaseAlert>();
        foreach (var alertId in ids.Distinct())
        {
            linked.Add(await CaseAlertAsync(alertId, "alertIds", alerts, cancellationToken));
        }

        var id = Guid.CreateVersion7();
        var view = await Case(grains, id).OpenAsync(request.Title ?? "", linked, user.ToActor());
        return TypedResults.Created($"/admin/integrity/cases/{id}", view);
    }

    public static async Task<Ok<IReadOnlyList<CaseView>>> ListAsync(string? status, string? assignee, int? limit, IntegrityCaseStore store, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        errors.Require(status is null or "open" or "suspended" or "closed", "status", "open, suspended or closed.");
        errors.Require(limit is null or (>= 1 and <= IntegrityCaseStore.MaxPage), "limit", $"From 1 to {IntegrityCaseStore.MaxPage}.");
        errors.ThrowIfAny();
        return TypedResults.Ok(await store.ListAsync(status, assignee, limit ?? 50, cancellationToken));
    }

    public static async Task<Ok<CaseView>> GetAsync(Guid id, Orleans.IGrainFactory grains) => TypedResults.Ok(await Case(grains, id).GetAsync());

    public static async Task<FileContentHttpResult> AttachmentAsync(Guid id, string sha256, Orleans.IGrainFactory grains, IntegrityCaseStore store, CancellationToken cancellationToken)
    {
        var attachment = (await Case(grains, id).GetAsync()).Timeline.Select(e => e.Attachment).FirstOrDefault(a => a?.Sha256 == sha256)
            ?? throw new DomainNotFoundException($"Case {id} has no attachment {sha256}.");
        var content = await store.AttachmentAsync(sha256, cancellationToken) ?? throw new DomainNotFoundException($"Case {id} has no attachment {sha256}.");
        return TypedResults.File(content, attachment.MediaType, attachment.Name);
    }

    public static async Task<Ok<CaseView>> AddAlertAsync(Guid id, CaseAlertRequest request, ClaimsPrincipal user, IntegrityAlertStore alerts, Orleans.IGrainFactory grains, CancellationToken cancellationToken)
    {
        var alertId = request.AlertId ?? throw DomainValidationException.For("alertId", "The alert's id.");
        return TypedResults.Ok(await Case(grains, id).AddAlertAsync(await CaseAlertAsync(alertId, "alertId", alerts, cancellationToken), user.ToActor()));
    }

    public static async Task<Ok<CaseView>> AssignAsync(Guid id, AssignCaseRequest request, ClaimsPrincipal user, ReadModels readModels, Orleans.IGrainFactory grains, CancellationToken cancellationToken)
    {
        var email = request.Assignee?.Trim().ToLowerInvariant();
        var staff = (await readModels.StaffAsync(null, cancellationToken)).FirstOrDefault(s => s.Email == email);
        if (staff is not { Status: StaffStatus.Active, Oprid: null }
            || !staff.Roles.Any(r => r == StaffRole.IntegrityAnalyst.WireName() || r == StaffRole.LottoparAdmin.WireName()))
        {
            throw DomainValidationException.For("assignee", "The e-mail of an active LOTTOPAR integrity analyst or admin.");
        }

        return TypedResults.Ok(await Case(grains, id).AssignAsync(staff.Email, user.ToActor()));
    }

    public static async Task<Ok<CaseView>> CommentAsync(Guid id, CaseTextRequest request, ClaimsPrincipal user, Orleans.IGrainFactory grains) =>
        TypedResults.Ok(await Case(grains, id).CommentAsync(request.Text ?? "", user.ToActor()));

    public static async Task<Ok<CaseView>> AttachAsync(
        Guid id, AttachRequest request, ClaimsPrincipal user, Orleans.IGrainFactory grains, IntegrityCaseStore store, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        errors.Require(!string.IsNullOrWhiteSpace(request.Name) && request.Name.Length <= 200 && request.Name.IndexOfAny(['/', '\\']) < 0, "name", "A file name, 1 to 200 characters, no path.");
        errors.Require(request.MediaType is { Length: > 0 and <= 100 } type && type.Contains('/', StringComparison.Ordinal), "mediaType", "A media type, e.g. application/pdf.");
        var content = Decode(request.ContentBase64);
        errors.Require(content is { Length: > 0 and <= MaxAttachmentBytes }, "contentBase64", $"The file in base64: 1 byte to {MaxAttachmentBytes / 1024} KiB.");
        errors.ThrowIfAny();
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(content!));
        _ = await Case(grains, id).GetAsync(); // 404 before anything is stored
        await store.StoreAttachmentAsync(sha256, request.MediaType!, content!, clock.GetUtcNow(), cancellationToken);
        return TypedResults.Ok(await Case(grains, id).AttachAsync(new CaseAttachment(sha256, request.Name!.Trim(), request.MediaType!, content!.LongLength), user.ToActor()));
    }

    public static async Task<Ok<CaseView>> EscalateAsync(Guid id, CaseReasonRequest request, ClaimsPrincipal user, Orleans.IGrainFactory grains) =>
        TypedResults.Ok(await Case(grains, id).EscalateAsync(request.Reason ?? "", user.ToActor()));

    public static async Task<Ok<CaseView>> SuspendAsync(Guid id, SuspendCaseRequest request, ClaimsPrincipal user, Orleans.IGrainFactory grains) =>
        TypedResults.Ok(await Case(grains, id).SuspendAsync(request.Until ?? throw DomainValidationException.For("until", "Until when, with its offset."), request.Reason ?? "", user.ToActor()));

    public static async Task<Ok<CaseView>> ClassifyAsync(Guid id, ClassifyCaseRequest request, ClaimsPrincipal user, Orleans.IGrainFactory grains) =>
        TypedResults.Ok(await Case(grains, id).ClassifyAsync(
            request.Category ?? throw DomainValidationException.For("category", "match_fixing, money_laundering, fraud, responsible_gaming or other."), user.ToActor()));

    public static async Task<Ok<CaseView>> ReportAsync(Guid id, ReportCaseRequest request, ClaimsPrincipal user, Orleans.IGrainFactory grains) =>
        TypedResults.Ok(await Case(grains, id).ReportAsync(
            request.Authority ?? throw DomainValidationException.For("authority", "coaf, spa, police or sports_body."), request.Protocol ?? "", user.ToActor()));

    public static async Task<Ok<CaseView>> CloseAsync(Guid id, CloseCaseRequest request, ClaimsPrincipal user, Orleans.IGrainFactory grains) =>
        TypedResults.Ok(await Case(grains, id).CloseAsync(
            request.Resolution ?? throw DomainValidationException.For("resolution", "confirmed, false_positive or no_action."), request.Text ?? "", user.ToActor()));

    public static async Task<Ok<IReadOnlyList<RuleStats>>> RuleStatsAsync(IntegrityCaseStore store, TimeProvider clock, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.RuleStatsAsync(BrasiliaTime.Today(clock.GetUtcNow()), cancellationToken));

    private static async Task<CaseAlert> CaseAlertAsync(Guid alertId, string field, IntegrityAlertStore alerts, CancellationToken cancellationToken) =>
        await alerts.FindAsync(alertId, cancellationToken) is { } found
            ? new CaseAlert(alertId, found.Alert.Rule, found.Alert.Subject.Oprid, found.GrainKey)
            : throw DomainValidationException.For(field, $"There is no alert {alertId}.");

    private static byte[]? Decode(string? base64)
    {
        var buffer = new byte[((base64?.Length ?? 0) * 3 / 4) + 3];
        return base64 is not null && Convert.TryFromBase64String(base64, buffer, out var written) ? buffer[..written] : null;
    }

    /// <summary>The COAF communication of a case; the export (full CPFs) is audited before it is answered.</summary>
    public static async Task<FileContentHttpResult> CoafAsync(
        Guid id, ClaimsPrincipal user, Orleans.IGrainFactory grains, CoafExport export, IStreamEventLog log, TimeProvider clock, CancellationToken cancellationToken)
    {
        var document = await export.ExportAsync(await Case(grains, id).GetAsync(), cancellationToken);
        var entry = AuditTrail.Entry(clock, user.ToActor(), "integrity_case.coaf_exported", IntegrityCaseGrain.TargetType, id.ToString(), before: null, after: null);
        await AuditTrail.RecordAsync(log, "integrity_coaf_export", entry);
        using var bytes = new MemoryStream();
        await using (var writer = System.Xml.XmlWriter.Create(bytes, new System.Xml.XmlWriterSettings { Encoding = new System.Text.UTF8Encoding(false), Indent = true, Async = true }))
        {
            await document.SaveAsync(writer, cancellationToken);
        }

        return TypedResults.File(bytes.ToArray(), "application/xml", $"coaf-{id}.xml");
    }

    private static IIntegrityCaseGrain Case(Orleans.IGrainFactory grains, Guid id) => grains.Keyed<IIntegrityCaseGrain>(id.ToString());
}

public sealed record OpenCaseRequest(string? Title, List<Guid>? AlertIds);

public sealed record CaseAlertRequest(Guid? AlertId);

public sealed record AssignCaseRequest(string? Assignee);

public sealed record CaseTextRequest(string? Text);

public sealed record CaseReasonRequest(string? Reason);

public sealed record AttachRequest(string? Name, string? MediaType, string? ContentBase64);

public sealed record SuspendCaseRequest(DateTimeOffset? Until, string? Reason);

public sealed record CloseCaseRequest(CaseResolution? Resolution, string? Text);

public sealed record ClassifyCaseRequest(CaseCategory? Category);

public sealed record ReportCaseRequest(CaseAuthority? Authority, string? Protocol);
