using Lottopar.GrainInterfaces.Common;

namespace Lottopar.GrainInterfaces.Payments;

/// <summary>
/// Where an operator wants its payments' outcomes posted (keyed by OPRID), with the secret that
/// signs them. Setting it makes a new secret, shown in that answer only; changes are audited.
/// </summary>
public interface IPaymentWebhookGrain : Orleans.IGrainWithStringKey
{
    /// <summary>Sets the URL and makes a new signing secret: the answer is the only time it is shown.</summary>
    Task<PaymentWebhookSecret> SetAsync(string url, Actor actor);

    /// <summary>The URL (no secret); null when none is set.</summary>
    Task<string?> GetUrlAsync();

    /// <summary>URL and secret, for the silo's notifier; null when none is set.</summary>
    Task<PaymentWebhookSecret?> GetSecretAsync();
}

[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record PaymentWebhookSecret(
    [property: Orleans.Id(0)] string Url,
    [property: Orleans.Id(1)] string Secret)
{
    public override string ToString() => $"PaymentWebhookSecret {{ Url = {Url} }}";
}
