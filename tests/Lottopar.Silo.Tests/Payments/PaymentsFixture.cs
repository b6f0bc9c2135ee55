using System.Net.Http.Json;
using System.Text.Json;
using Lottopar.Silo.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Lottopar.Silo.Tests.Payments;

/// <summary>The sandbox (tax registry and PSP) and a silo that reaches both over the network. Each test onboards its own operators.</summary>
public sealed class PaymentsFixture : IAsyncLifetime
{
    /// <summary>Per operator and address: more than any test sends for its own operators.</summary>
    public const int WebhookCallsPerMinute = 40;

    public SandboxHost Sandbox { get; private set; } = null!;

    public PlatformHost Silo { get; private set; } = null!;

    public HttpClient Admin { get; private set; } = null!;

    /// <summary>The silo's address on its socket.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>The silo's webhook port (mutual TLS): where PSPs post.</summary>
    public string WebhookBaseUrl { get; private set; } = "";

    /// <summary>A PSP's client on the webhook port (a certificate of the sandbox's CA).</summary>
    public HttpClient Psp { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Sandbox = await SandboxHost.StartAsync();
        var settings = Sandbox.PlatformSettings;
        settings["Lottopar:Payments:PspAttemptTimeout"] = "00:00:02";
        settings["Lottopar:Payments:ReconcileInterval"] = "01:00:00"; // the tests run it, and the notifier, when they mean to
        settings["Lottopar:Payments:NotifyInterval"] = "01:00:00";
        settings["Lottopar:Payments:DailyReconciliationCheck"] = "1.00:00:00";
        settings["Lottopar:Payments:WebhookRequestsPerMinutePerAddress"] = WebhookCallsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture);
        // Far more than the silo's clock runs ahead of the PSP's (30 s per staff sign-in): a new deposit is young.
        settings["Lottopar:Payments:ReconcileAfter"] = "00:10:00";
        foreach (var (key, value) in Sandbox.PlatformWebhookTlsSettings)
        {
            settings[key] = value;
        }

        Silo = await PlatformHost.StartAsync(settings: settings, kestrel: true); // on a socket: the sandbox PSP posts its webhooks to it
        Admin = await Silo.AdminAsync();
        var addresses = Silo.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseUrl = addresses.First(a => a.StartsWith("http:", StringComparison.Ordinal));
        WebhookBaseUrl = addresses.First(a => a.StartsWith("https:", StringComparison.Ordinal));
        Psp = Sandbox.WebhookClient(WebhookBaseUrl);
    }

    public async Task DisposeAsync()
    {
        Psp.Dispose();
        await Silo.DisposeAsync();
        await Sandbox.DisposeAsync();
    }

    /// <summary>A new operator with an account at the sandbox PSP and an API key (scope payments unless told otherwise).</summary>
    public Task<Operator> NewOperatorAsync(params string[] scopes) => NewOperatorAsync(notified: false, autoPayAfterMs: null, scopes);

    /// <param name="notified">Whether the PSP posts its webhooks to the platform (else the tests post them when they mean to).</param>
    /// <param name="autoPayAfterMs">When set, the sandbox pays each deposit by itself, as the player, so long after its charge.</param>
    /// <param name="openingBalance">What the operator's PSP account holds before any PIX (centavos), for payouts.</param>
    public async Task<Operator> NewOperatorAsync(bool notified, int? autoPayAfterMs, string[] scopes, long openingBalance = 0)
    {
        var oprid = await PlatformHost.OnboardAsync(Admin);
        var account = await Sandbox.NewPspAccountAsync(autoPayAfterMs: autoPayAfterMs, openingBalance: openingBalance);
        var set = await Admin.PutAsJsonAsync($"/admin/operators/{oprid}/psp", new
        {
            baseUrl = account.BaseUrl,
            clientId = account.ClientId,
            clientSecret = account.ClientSecret,
            chave = account.Chave,
            clientCertificatePem = account.ClientCertificatePem,
            clientKeyPem = account.ClientKeyPem,
            serverCaPem = account.ServerCaPem,
            webhookUrl = notified ? $"{WebhookBaseUrl}/pix/webhook/{oprid}" : null,
        });
        await Expect.StatusAsync(set, 200);
        var key = await PlatformHost.IssueKeyAsync(Admin, oprid, "homologation", scopes.Length > 0 ? scopes : ["payments"]);
        return new Operator(oprid, Silo.WithApiKey(key), account.Chave, account);
    }

    public static Task<HttpResponseMessage> CashInAsync(HttpClient client, object body, string? idempotencyKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/payments/cash-in") { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return client.SendAsync(request);
    }

    /// <summary>A created deposit (201) for a new random key.</summary>
    public static async Task<JsonElement> DepositAsync(HttpClient client, string cpf, long amount = 5_000) =>
        await Expect.JsonAsync(await CashInAsync(client, new { cpf, amount, reference = "dep-" + Guid.NewGuid().ToString("N")[..8] }, Guid.NewGuid().ToString()), 201);

    public static Task<HttpResponseMessage> CashOutAsync(HttpClient client, object body, string? idempotencyKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/payments/cash-out") { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return client.SendAsync(request);
    }

    /// <summary>Registers the player's payout account (its PIX key) at the operator: the answer as it comes.</summary>
    public static Task<HttpResponseMessage> SetPayoutAccountAsync(HttpClient client, string cpf, string pixKey) =>
        client.PutAsJsonAsync("/players/payout-account", new { cpf, pixKey });

    /// <summary>What the PSP posts to the platform's webhook after a PIX: the txid, nothing the platform believes.</summary>
    public async Task NotifyAsync(string oprid, string txid) =>
        await Expect.StatusAsync(await Psp.PostAsJsonAsync($"/pix/webhook/{oprid}/pix", new { pix = new[] { new { txid, endToEndId = "E000", valor = "999.99" } } }), 200);

    public sealed record Operator(string Oprid, HttpClient Client, string Chave, GrainInterfaces.Payments.PixAccountSettings Psp);
}

/// <summary>The payment tests share one sandbox and silo (each test onboards its own operators).</summary>
[CollectionDefinition(Name)]
public sealed class PaymentsCollection : ICollectionFixture<PaymentsFixture>
{
    public const string Name = "payments";
}
