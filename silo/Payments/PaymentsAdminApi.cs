using System.Security.Claims;
using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Payments;
using Lottopar.Grains.Payments;
using Lottopar.Silo.Cluster;
using Lottopar.Silo.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lottopar.Silo.Payments;

/// <summary>An operator's PSP account, set by LOTTOPAR admins (audited, secrets never shown again) and read by LOTTOPAR staff.</summary>
public static class PaymentsAdminApi
{
    public static IEndpointRouteBuilder MapPaymentsAdminApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/admin/operators/{oprid}/psp").WithTags("Admin: payments").RequireKey("oprid", "operator");
        group.MapPut("", SetAsync).RequireAuthorization(Policies.LottoparAdmin).WithName("SetPspAccount")
            .WithSummary("Sets the operator's transactional account at its PSP (API Pix): baseUrl, clientId, clientSecret, chave, clientCertificatePem, clientKeyPem, serverCaPem.");
        group.MapGet("", GetAsync).RequireAuthorization(Policies.LottoparStaff).WithName("GetPspAccount")
            .WithSummary("The operator's PSP account, without its secret and key.");
        app.MapGroup("/admin/operators/{oprid}/payments").WithTags("Admin: payments").RequireKey("oprid", "operator")
            .MapPost("/reconciliations", ReconcileAsync).RequireAuthorization(Policies.LottoparStaff).WithName("ReconcilePayments")
            .WithSummary("Reconciles the operator's day (?date=YYYY-MM-DD, Brasília) against its PSP's list of received PIX; the result is kept.");
        return app;
    }

    /// <summary>
    /// Sets the account; with a webhookUrl, registers it at the PSP too (the platform's
    /// /pix/webhook/{oprid} as the PSP reaches it). A PSP that does not answer leaves the account set
    /// and the webhook not: 503, and the same PUT again registers it.
    /// </summary>
    public static async Task<Ok<PspAccountView>> SetAsync(
        string oprid, PspAccountRequest request, ClaimsPrincipal user, Orleans.IGrainFactory grains, IPixGateway gateway, CancellationToken cancellationToken)
    {
        if (request.WebhookUrl is { } url && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)))
        {
            throw DomainValidationException.For("webhookUrl", "The absolute URL the PSP is to notify: the platform's /pix/webhook/{oprid} as the PSP reaches it.");
        }

        var view = await grains.Keyed<IPspAccountGrain>(oprid).SetAsync(
            new PixAccountSettings(request.BaseUrl ?? "", request.ClientId ?? "", request.ClientSecret ?? "", request.Chave ?? "",
                request.ClientCertificatePem ?? "", request.ClientKeyPem ?? "", request.ServerCaPem), user.ToActor());
        if (request.WebhookUrl is { } webhookUrl)
        {
            await gateway.RegisterWebhookAsync(oprid, webhookUrl, cancellationToken);
        }

        return TypedResults.Ok(view);
    }

    public static async Task<Ok<ReconciliationResult>> ReconcileAsync(
        string oprid, DateOnly? date, ClaimsPrincipal user, Orleans.IGrainFactory grains, PaymentReconciliation reconciliation, CancellationToken cancellationToken)
    {
        var day = date ?? throw DomainValidationException.For("date", "The day, YYYY-MM-DD (Brasília's calendar).");
        _ = await grains.Keyed<IPspAccountGrain>(oprid).GetAsync() ?? throw new DomainNotFoundException($"Operator {oprid} has no PSP account.");
        return TypedResults.Ok(await reconciliation.RunAsync(oprid, day, user.ToActor().ToString(), cancellationToken));
    }

    public static async Task<Ok<PspAccountView>> GetAsync(string oprid, Orleans.IGrainFactory grains) =>
        TypedResults.Ok(await grains.Keyed<IPspAccountGrain>(oprid).GetAsync()
            ?? throw new DomainNotFoundException($"Operator {oprid} has no PSP account."));
}

public sealed record PspAccountRequest(
    string? BaseUrl, string? ClientId, string? ClientSecret, string? Chave, string? ClientCertificatePem, string? ClientKeyPem, string? ServerCaPem, string? WebhookUrl);
