using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Operators;
using Lottopar.GrainInterfaces.Payments;
using Lottopar.Grains.Common;
using Lottopar.Providers.Abstractions;
using Orleans;
using Orleans.Runtime;

namespace Lottopar.Grains.Payments;

public sealed class PspAccountState : IHasOutbox
{
    public string? BaseUrl { get; set; }

    public string ClientId { get; set; } = "";

    /// <summary>Encrypted (<see cref="ISecretProtector"/>).</summary>
    public string ProtectedClientSecret { get; set; } = "";

    public string Chave { get; set; } = "";

    public string ClientCertificatePem { get; set; } = "";

    /// <summary>Encrypted (<see cref="ISecretProtector"/>).</summary>
    public string ProtectedClientKeyPem { get; set; } = "";

    public string? ServerCaPem { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    [System.Text.Json.Serialization.JsonIgnore]
    public GrainOutbox Outbox { get; } = new();
}

/// <summary>An operator's account at its PSP; its secrets encrypted at rest, its changes audited (without them).</summary>
[GrainType("psp_account")]
public sealed class PspAccountGrain(
    [PersistentState(GrainStorageNames.State, GrainStorageNames.Storage)] IPersistentState<PspAccountState> state,
    TimeProvider clock,
    ISecretProtector secrets) : OrleansAuditedGrain<PspAccountState>(state, clock), IPspAccountGrain
{
    public const string TargetType = "psp_account";

    protected override string AuditTargetType => TargetType;

    private string Oprid => this.GetPrimaryKeyString();

    public Task<PspAccountView?> GetAsync() => Task.FromResult(State.BaseUrl is null ? null : View());

    public Task<PixAccountSettings?> GetSettingsAsync() => Task.FromResult(State.BaseUrl is null
        ? null
        : new PixAccountSettings(State.BaseUrl, State.ClientId, secrets.Unprotect(State.ProtectedClientSecret), State.Chave,
            State.ClientCertificatePem, secrets.Unprotect(State.ProtectedClientKeyPem), State.ServerCaPem));

    public async Task<PspAccountView> SetAsync(PixAccountSettings settings, Actor actor)
    {
        await GrainFactory.Keyed<IOperatorGrain>(Oprid).GetAsync();
        PspAccountRules.Validate(settings, Clock.GetUtcNow());
        var before = State.BaseUrl is null ? null : View();
        State.BaseUrl = settings.BaseUrl;
        State.ClientId = settings.ClientId;
        State.ProtectedClientSecret = secrets.Protect(settings.ClientSecret);
        State.Chave = settings.Chave;
        State.ClientCertificatePem = settings.ClientCertificatePem;
        State.ProtectedClientKeyPem = secrets.Protect(settings.ClientKeyPem);
        State.ServerCaPem = settings.ServerCaPem;
        State.UpdatedAt = Clock.GetUtcNow();
        await SaveAuditedAsync(actor, "psp_account.set", Oprid, before, View());
        return View();
    }

    private PspAccountView View()
    {
        using var certificate = X509Certificate2.CreateFromPem(State.ClientCertificatePem);
        string? caSubject = null;
        if (State.ServerCaPem is { } caPem)
        {
            using var ca = X509Certificate2.CreateFromPem(caPem);
            caSubject = ca.Subject;
        }

        return new PspAccountView(Oprid, State.BaseUrl!, State.ClientId, State.Chave, certificate.Subject, certificate.NotAfter.ToUniversalTime(), caSubject, State.UpdatedAt);
    }
}

/// <summary>What a PSP account must be: an https address, credentials, a PIX key, a client certificate that is valid now and matches its key.</summary>
public static class PspAccountRules
{
    public const int MaxChaveLength = 77;

    public static void Validate(PixAccountSettings settings, DateTimeOffset now)
    {
        var errors = new ValidationErrors();
        errors.Require(Uri.TryCreate(settings.BaseUrl, UriKind.Absolute, out var url) && url.Scheme == Uri.UriSchemeHttps && string.IsNullOrEmpty(url.Query),
            "baseUrl", "The PSP's API Pix address, https (the API Pix is TLS only), without a query.");
        errors.Require(!string.IsNullOrWhiteSpace(settings.ClientId) && settings.ClientId.Length <= 200, "clientId", "The OAuth2 client id the PSP issued (1 to 200 characters).");
        errors.Require(!string.IsNullOrEmpty(settings.ClientSecret) && settings.ClientSecret.Length <= 500, "clientSecret", "The OAuth2 client secret the PSP issued.");
        errors.Require(!string.IsNullOrWhiteSpace(settings.Chave) && settings.Chave.Length <= MaxChaveLength, "chave",
            $"The PIX key of the operator's transactional account (at most {MaxChaveLength} characters).");
        try
        {
            using var certificate = X509Certificate2.CreateFromPem(settings.ClientCertificatePem, settings.ClientKeyPem);
            errors.Require(certificate.NotBefore.ToUniversalTime() <= now.UtcDateTime && now.UtcDateTime < certificate.NotAfter.ToUniversalTime(),
                "clientCertificatePem", $"The certificate is not valid now (from {certificate.NotBefore:u} to {certificate.NotAfter:u}).");
        }
        catch (CryptographicException)
        {
            errors.Add("clientCertificatePem", "A PEM certificate and, in clientKeyPem, its PEM private key (unencrypted PKCS#8 or the key's own form) that match.");
        }
        catch (ArgumentException)
        {
            errors.Add("clientCertificatePem", "A PEM certificate and, in clientKeyPem, its PEM private key that match.");
        }

        if (settings.ServerCaPem is not null)
        {
            try
            {
                using var ca = X509Certificate2.CreateFromPem(settings.ServerCaPem);
            }
            catch (CryptographicException)
            {
                errors.Add("serverCaPem", "A PEM certificate: the CA the PSP's server certificate chains to (leave out for the system's).");
            }
        }

        errors.ThrowIfAny();
    }
}
