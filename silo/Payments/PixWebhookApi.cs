using System.Text.Json;
using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Payments;

namespace Lottopar.Silo.Payments;

/// <summary>
/// Where an operator's PSP notifies received PIX (the API Pix's webhook: its URL plus "/pix", body
/// <c>{"pix": [{"txid": ...}, ...]}</c>, not signed) and PIX it sent ("/pagamentos", body
/// <c>{"pagamentos": [{"idEnvio": ...}]}</c>). Nothing in the body is believed: each id only makes its
/// payment ask the PSP, so repeated, late, out-of-order or forged notifications settle
/// nothing twice and nothing false. Always 200 for a well-formed body, as PSPs retry otherwise.
/// </summary>
public static class PixWebhookApi
{
    public const int MaxNotifications = 1000;

    public const string PerAddressPolicy = "pix-webhook-per-address";

    /// <summary>Where the PSPs' webhooks are (on the mutual-TLS port when one is configured: <see cref="PixWebhookTls"/>).</summary>
    public const string PathPrefix = "/pix/webhook";

    public static IEndpointRouteBuilder MapPixWebhookApi(this IEndpointRouteBuilder app)
    {
        app.MapPost(PathPrefix + "/{oprid}/pix", NotifyAsync).AllowAnonymous().RequireRateLimiting(PerAddressPolicy).WithTags("Payments").WithName("PixWebhook")
            .WithSummary("The operator's PSP notifies received PIX here (API Pix webhook); the platform re-reads each charge at the PSP.");
        app.MapPost(PathPrefix + "/{oprid}/pagamentos", NotifyPayoutsAsync).AllowAnonymous().RequireRateLimiting(PerAddressPolicy).WithTags("Payments").WithName("PixPayoutWebhook")
            .WithSummary("The operator's PSP notifies PIX it sent (made, refused, returned) here; the platform re-reads each payout at the PSP.");
        return app;
    }

    public static async Task<IResult> NotifyAsync(string oprid, HttpContext context, Orleans.IGrainFactory grains)
    {
        foreach (var txid in await IdsAsync(context, "pix", "txid", PaymentIds.IsCashIn))
        {
            await grains.Keyed<ICashInGrain>(txid).SettleAsync(oprid);
        }

        return Results.Ok();
    }

    public static async Task<IResult> NotifyPayoutsAsync(string oprid, HttpContext context, Orleans.IGrainFactory grains)
    {
        foreach (var id in await IdsAsync(context, "pagamentos", "idEnvio", PaymentIds.IsCashOut))
        {
            await grains.Keyed<ICashOutGrain>(id).SettleAsync(oprid);
        }

        return Results.Ok();
    }

    /// <summary>The distinct ids of the form ours have, from {"list": [{"field": id}, ...]}; a 422 naming the list when the body is not that.</summary>
    private static async Task<IReadOnlyList<string>> IdsAsync(HttpContext context, string list, string field, Func<string?, bool> ours)
    {
        JsonElement body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<JsonElement>(context.Request.Body, cancellationToken: context.RequestAborted);
        }
        catch (JsonException)
        {
            throw DomainValidationException.For(list, $"A JSON body {{\"{list}\": [{{\"{field}\": ...}}]}}.");
        }

        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty(list, out var items) || items.ValueKind != JsonValueKind.Array || items.GetArrayLength() > MaxNotifications)
        {
            throw DomainValidationException.For(list, $"An array of at most {MaxNotifications} notifications.");
        }

        return [.. items.EnumerateArray()
            .Select(p => p.ValueKind == JsonValueKind.Object && p.TryGetProperty(field, out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null)
            .Where(ours).Distinct().Select(id => id!)];
    }
}
