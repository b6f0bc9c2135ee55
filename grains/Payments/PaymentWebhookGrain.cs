using System.Net;
using System.Security.Cryptography;
using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Payments;
using Lottopar.Grains.Common;
using Lottopar.Providers.Abstractions;
using Orleans;
using Orleans.Runtime;

namespace Lottopar.Grains.Payments;

public sealed class PaymentWebhookState : IHasOutbox
{
    public string? Url { get; set; }

    /// <summary>Encrypted (<see cref="ISecretProtector"/>).</summary>
    public string ProtectedSecret { get; set; } = "";

    public DateTimeOffset UpdatedAt { get; set; }

    [System.Text.Json.Serialization.JsonIgnore]
    public GrainOutbox Outbox { get; } = new();
}

/// <summary>An operator's payments webhook: the URL audited, the secret encrypted at rest and never in the audit.</summary>
[GrainType("payment_webhook")]
public sealed class PaymentWebhookGrain(
    [PersistentState(GrainStorageNames.State, GrainStorageNames.Storage)] IPersistentState<PaymentWebhookState> state,
    TimeProvider clock,
    ISecretProtector secrets,
    DeploymentContext deployment) : OrleansAuditedGrain<PaymentWebhookState>(state, clock), IPaymentWebhookGrain
{
    public const string TargetType = "payment_webhook";
    public const int MaxUrlLength = 500;

    protected override string AuditTargetType => TargetType;

    public async Task<PaymentWebhookSecret> SetAsync(string url, Actor actor)
    {
        ValidateUrl(url, deployment.Environment);
        var oprid = this.GetPrimaryKeyString();
        var before = State.Url is null ? null : new { url = State.Url };
        var secret = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        State.Url = url;
        State.ProtectedSecret = secrets.Protect(secret);
        State.UpdatedAt = Clock.GetUtcNow();
        await SaveAuditedAsync(actor, "payment_webhook.set", oprid, before, new { url, secret = "(new, shown once)" });
        return new PaymentWebhookSecret(url, secret);
    }

    public Task<string?> GetUrlAsync() => Task.FromResult(State.Url);

    public Task<PaymentWebhookSecret?> GetSecretAsync() =>
        Task.FromResult(State.Url is null ? null : new PaymentWebhookSecret(State.Url, secrets.Unprotect(State.ProtectedSecret)));

    /// <summary>
    /// An absolute http(s) URL. In production https only, and not an address of this network
    /// (loopback, private, link-local): the platform must not be made to post into its own network.
    /// </summary>
    public static void ValidateUrl(string url, DeploymentEnvironment environment)
    {
        var valid = url.Length <= MaxUrlLength && Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            && string.IsNullOrEmpty(uri.UserInfo) && string.IsNullOrEmpty(uri.Fragment);
        if (!valid)
        {
            throw DomainValidationException.For("url", $"An absolute https URL (at most {MaxUrlLength} characters, no credentials in it).");
        }

        var parsed = new Uri(url);
        if (environment == DeploymentEnvironment.Production
            && (parsed.Scheme != Uri.UriSchemeHttps || parsed.IsLoopback || (IPAddress.TryParse(parsed.DnsSafeHost, out var address) && IsInternal(address))))
        {
            throw DomainValidationException.For("url", "In production the webhook is https, on a public address.");
        }
    }

    private static bool IsInternal(IPAddress address)
    {
        if (IPAddress.IsLoopback(address) || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal)
        {
            return true;
        }

        var bytes = address.MapToIPv4().GetAddressBytes();
        return address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && bytes[0] switch
        {
            10 or 127 or 0 => true,
            172 => bytes[1] is >= 16 and <= 31,
            192 => bytes[1] == 168,
            169 => bytes[1] == 254,
            100 => bytes[1] is >= 64 and <= 127,
            _ => false,
        };
    }
}
