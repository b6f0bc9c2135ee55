using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Credentials;
using Lottopar.GrainInterfaces.Payments;
using Lottopar.Grains.Payments;
using Lottopar.Silo.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lottopar.Silo.Payments;

/// <summary>
/// Payments for operators (API key with scope "payments"). A cash-in or cash-out needs an
/// Idempotency-Key: the key makes the payment's id, so a retry answers the same payment and the PSP
/// holds one charge, or sends one PIX.
/// </summary>
public static class PaymentsApi
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    public const int MaxIdempotencyKeyLength = 128;

    public static IEndpointRouteBuilder MapPaymentsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/payments").WithTags("Payments").RequireAuthorization(Policies.ApiKeyCaller).RequireApiScope(ApiScope.Payments);
        group.MapPost("/cash-in", CashInAsync).WithName("CashIn")
            .WithSummary("A deposit by PIX: checks the player, creates the charge at the operator's PSP, answers the BR Code and its QR image. Idempotency-Key required.");
        group.MapPost("/cash-out", CashOutAsync).WithName("CashOut")
            .WithSummary("A payout by PIX to the player's registered account; sent at most once. Idempotency-Key required. 201 with status pending, completed or failed.");
        group.MapGet("/statement", StatementAsync).WithName("PaymentsStatement")
            .WithSummary("The operator's ledger for one day of Brasília's calendar (?date=YYYY-MM-DD): per account, debits, credits, balance.");
        group.MapPut("/webhook", SetWebhookAsync).WithName("SetPaymentsWebhook")
            .WithSummary("Where the platform posts this operator's payment outcomes, signed; answers a new signing secret, shown this once.");
        group.MapGet("/webhook", GetWebhookAsync).WithName("GetPaymentsWebhook").WithSummary("The webhook's URL (never the secret).");
        group.MapGet("/{id}", GetAsync).WithName("GetPayment").WithSummary("A payment of this operator and what became of it.");
        group.MapGet("/{id}/notifications", NotificationsAsync).WithName("PaymentNotifications").WithSummary("What the platform posted to the webhook about this payment: every attempt.");
        return app;
    }

    public static async Task<Created<CashInAnswer>> CashInAsync(CashInBody body, HttpContext context, ClaimsPrincipal user, Orleans.IGrainFactory grains, QrCodes qr)
    {
        var key = IdempotencyKeyOf(context, "deposit");
        var oprid = user.OpridOf()!;
        var request = new CashInRequest(body.Cpf ?? "", body.Amount ?? 0, body.Reference ?? "", body.ExpiresInSeconds ?? CashInRules.DefaultExpirySeconds);
        var id = PaymentIds.CashIn(oprid, key);
        var view = await grains.Keyed<ICashInGrain>(id).CreateAsync(oprid, request, HashOf($"{request.Cpf}\n{request.Amount}\n{request.Reference}\n{request.ExpiresInSeconds}"));
        return TypedResults.Created($"/payments/{id}", CashInAnswer.Of(view, qr));
    }

    public static async Task<Created<CashOutAnswer>> CashOutAsync(CashOutBody body, HttpContext context, ClaimsPrincipal user, Orleans.IGrainFactory grains)
    {
        var key = IdempotencyKeyOf(context, "payout");
        var oprid = user.OpridOf()!;
        var request = new CashOutRequest(body.Cpf ?? "", body.Amount ?? 0, body.Reference ?? "");
        var id = PaymentIds.CashOut(oprid, key);
        var view = await grains.Keyed<ICashOutGrain>(id).CreateAsync(oprid, request, HashOf($"{request.Cpf}\n{request.Amount}\n{request.Reference}"));
        return TypedResults.Created($"/payments/{id}", CashOutAnswer.Of(view));
    }

    /// <summary>A cash-in or a cash-out of this operator; 404 for another operator's or none.</summary>
    public static async Task<IResult> GetAsync(string id, ClaimsPrincipal user, Orleans.IGrainFactory grains, QrCodes qr)
    {
        var oprid = user.OpridOf()!;
        return PaymentIds.IsCashIn(id) ? TypedResults.Ok(CashInAnswer.Of(await grains.Keyed<ICashInGrain>(id).GetAsync(oprid), qr))
            : PaymentIds.IsCashOut(id) ? TypedResults.Ok(CashOutAnswer.Of(await grains.Keyed<ICashOutGrain>(id).GetAsync(oprid)))
            : throw new DomainNotFoundException($"There is no payment {id}.");
    }

    public static async Task<Ok<PaymentWebhookSecret>> SetWebhookAsync(WebhookBody body, ClaimsPrincipal user, Orleans.IGrainFactory grains) =>
        TypedResults.Ok(await grains.Keyed<IPaymentWebhookGrain>(user.OpridOf()!).SetAsync(body.Url ?? "", user.ToActor()));

    public static async Task<Ok<WebhookView>> GetWebhookAsync(ClaimsPrincipal user, Orleans.IGrainFactory grains) =>
        TypedResults.Ok(new WebhookView(await grains.Keyed<IPaymentWebhookGrain>(user.OpridOf()!).GetUrlAsync()));

    public static async Task<Ok<IReadOnlyList<NotificationLog>>> NotificationsAsync(
        string id, ClaimsPrincipal user, Orleans.IGrainFactory grains, PaymentNotifications notifications, CancellationToken cancellationToken)
    {
        await RequireOwnAsync(id, user.OpridOf()!, grains);
        return TypedResults.Ok(await notifications.LogAsync(user.OpridOf()!, id, cancellationToken));
    }

    public static async Task<Ok<Statement>> StatementAsync(DateOnly? date, ClaimsPrincipal user, LedgerStore ledger, CancellationToken cancellationToken)
    {
        var day = date ?? throw DomainValidationException.For("date", "The day, YYYY-MM-DD (Brasília's calendar).");
        var oprid = user.OpridOf()!;
        var lines = await ledger.StatementAsync(oprid, day, cancellationToken);
        return TypedResults.Ok(new Statement(oprid, day, lines, lines.Sum(l => l.Debits) == lines.Sum(l => l.Credits)));
    }

    /// <summary>404 for another operator's payment or none.</summary>
    private static async Task RequireOwnAsync(string id, string oprid, Orleans.IGrainFactory grains)
    {
        _ = PaymentIds.IsCashIn(id) ? (object)await grains.Keyed<ICashInGrain>(id).GetAsync(oprid)
            : PaymentIds.IsCashOut(id) ? await grains.Keyed<ICashOutGrain>(id).GetAsync(oprid)
            : throw new DomainNotFoundException($"There is no payment {id}.");
    }

    private static string IdempotencyKeyOf(HttpContext context, string what)
    {
        var key = context.Request.Headers[IdempotencyKeyHeader].ToString();
        return key.Length is 0 or > MaxIdempotencyKeyLength || key.Any(char.IsControl)
            ? throw DomainValidationException.For(IdempotencyKeyHeader, $"Send an Idempotency-Key header (1 to {MaxIdempotencyKeyLength} characters) unique to this {what}; repeat it to retry.")
            : key;
    }

    /// <summary>The request's fields, not its bytes: the same payment sent with other spacing is the same request.</summary>
    private static string HashOf(string fields) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(fields)));
}

/// <summary>An operator's day in the ledger; balanced: its debits equal its credits.</summary>
public sealed record Statement(string Oprid, DateOnly Date, IReadOnlyList<StatementLine> Accounts, bool Balanced);

public sealed record WebhookBody(string? Url);

public sealed record WebhookView(string? Url);

public sealed record CashInBody(string? Cpf, long? Amount, string? Reference, int? ExpiresInSeconds);

public sealed record CashOutBody(string? Cpf, long? Amount, string? Reference);

/// <summary>A payout as the operator receives it: the destination key masked, the PIX's end-to-end id once made, why it failed.</summary>
public sealed record CashOutAnswer(
    string Id, string Kind, string Status, string Cpf, long Amount, string Reference, string PixKey, DateTimeOffset CreatedAt,
    string? EndToEndId, DateTimeOffset? SettledAt, string? FailureReason, DateTimeOffset? ReturnedAt)
{
    public static CashOutAnswer Of(CashOutView view) => new(
        view.Id, "cash_out", view.Status.ToString().ToLowerInvariant(), view.Cpf, view.Amount, view.Reference, view.PixKey, view.CreatedAt,
        view.EndToEndId, view.SettledAt, view.FailureReason, view.ReturnedAt);
}

/// <summary>A deposit as the operator receives it: the BR Code ("copia e cola") and the same as a PNG QR code, base64.</summary>
public sealed record CashInAnswer(
    string Id, string Kind, string Status, string Cpf, long Amount, string Reference, string BrCode, string QrCodePng, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt,
    string? EndToEndId, DateTimeOffset? SettledAt, string? RefundId)
{
    public static CashInAnswer Of(CashInView view, QrCodes qr) => new(
        view.Id, "cash_in", view.Status.ToString().ToLowerInvariant(), view.Cpf, view.Amount, view.Reference, view.BrCode, qr.PngOf(view.BrCode), view.CreatedAt, view.ExpiresAt,
        view.EndToEndId, view.SettledAt, view.RefundId);

}
