using System.Text.Json;
using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Payments;

namespace Lottopar.Silo.Payments;

/// <summary>
/// Where an operator's PSP notifies received PIX (the API Pix's webhook: its URL plus "/pix", body
/// <c>{"pix": [{"txid": ...}, ...]}</c>, not signed). Nothing in the body is believed: each txid only
/// makes its deposit ask the PSP, so repeated, late, out-of-order or forged notifications settle
/// nothing twice and nothing false. Always 200 for a well-formed body, as PSPs retry otherwise.
/// </summary>
public static class PixWebhookApi
{
    public const int MaxNotifications = 1000;

    public const string PerAddressPolicy = "pix-webhook-per-address";

    public static IEndpointRouteBuilder MapPixWebhookApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/pix/webhook/{oprid}/pix", NotifyAsync).AllowAnonymous().RequireRateLimiting(PerAddressPolicy).WithTags("Payments").WithName("PixWebhook")
            .WithSummary("The operator's PSP notifies received PIX here (API Pix webhook); the platform re-reads each charge at the PSP.");
        return app;
    }

    public static async Task<IResult> NotifyAsync(string oprid, HttpContext context, Orleans.IGrainFactory grains)
    {
        JsonElement body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<JsonElement>(context.Request.Body, cancellationToken: context.RequestAborted);
        }
        catch (JsonException)
        {
            throw DomainValidationException.For("pix", "A JSON body {\"pix\": [{\"txid\": ...}]}.");
        }

        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("pix", out var pix) || pix.ValueKind != JsonValueKind.Array || pix.GetArrayLength() > MaxNotifications)
        {
            throw DomainValidationException.For("pix", $"An array of at most {MaxNotifications} received PIX.");
        }

        var txids = pix.EnumerateArray()
            .Select(p => p.ValueKind == JsonValueKind.Object && p.TryGetProperty("txid", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null)
            .Where(PaymentIds.IsCashIn).Distinct().ToList();
        foreach (var txid in txids)
        {
            await grains.Keyed<ICashInGrain>(txid!).SettleAsync(oprid);
        }

        return Results.Ok();
    }
}
