using System.Net.Http.Json;
using Lottopar.Sandbox;
using Microsoft.AspNetCore.Builder;

namespace Lottopar.Silo.Tests.Infrastructure;

/// <summary>
/// The homologation sandbox (sandbox/Lottopar.Sandbox) on a real socket on 127.0.0.1 and a database
/// of its own: the platform reaches it over HTTP with its production client code.
/// </summary>
public sealed class SandboxHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly SiloDatabase _database;
    private bool _stopped;

    private SandboxHost(WebApplication app, SiloDatabase database, string baseUrl, string pspUrl, string token, string adminToken, TestCertificates pspCa, string directory)
    {
        _app = app;
        _database = database;
        BaseUrl = baseUrl;
        PspBaseUrl = pspUrl + "/api-pix/";
        Token = token;
        AdminToken = adminToken;
        PspCa = pspCa;
        _directory = directory;
    }

    private readonly string _directory;

    /// <summary>The sandbox's clock: moving it expires charges (the platform's clock is its own).</summary>
    public Lottopar.Testing.ManualClock Clock { get; private set; } = null!;

    /// <summary>The CA of the PSP's server certificate and of the client certificates it accepts.</summary>
    public TestCertificates PspCa { get; }

    /// <summary>The API Pix's base address (HTTPS, mutual TLS).</summary>
    public string PspBaseUrl { get; }

    public string Token { get; }

    public string AdminToken { get; }

    public string BaseUrl { get; }

    public string TaxRegistryUrl => BaseUrl + "/tax-registry/";

    /// <summary>
    /// The platform's webhook port with mutual TLS (Lottopar:Payments:WebhookTls on a free port): its
    /// certificate and the CA of the PSP's client certificates are this sandbox's CA's.
    /// </summary>
    public Dictionary<string, string?> PlatformWebhookTlsSettings => new()
    {
        ["Lottopar:Payments:WebhookTls:Port"] = "0",
        ["Lottopar:Payments:WebhookTls:CertificateFile"] = Path.Combine(_directory, "platform-webhook.crt"),
        ["Lottopar:Payments:WebhookTls:KeyFile"] = Path.Combine(_directory, "platform-webhook.key"),
        ["Lottopar:Payments:WebhookTls:ClientCaFile"] = Path.Combine(_directory, "clients-ca.crt"),
    };

    /// <summary>An HTTP client to the platform's webhook port presenting a client certificate of <paramref name="ca"/> (this sandbox's unless told), trusting this sandbox's CA.</summary>
    public HttpClient WebhookClient(string baseUrl, TestCertificates? ca = null)
    {
        var (certificate, key) = (ca ?? PspCa).IssueClient("a PSP's webhooks");
        using var pem = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(certificate, key);
        var handler = new SocketsHttpHandler();
        handler.SslOptions.ClientCertificates = [System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12(
            pem.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pkcs12), null)];
        handler.SslOptions.RemoteCertificateValidationCallback = (_, server, _, _) => IssuedByPspCa(server);
        return new HttpClient(handler) { BaseAddress = new Uri(baseUrl) };
    }

    /// <summary>Whether a server's certificate chains to this sandbox's CA (the platform's webhook certificate does).</summary>
    public bool IssuedByPspCa(System.Security.Cryptography.X509Certificates.X509Certificate? certificate)
    {
        if (certificate is null)
        {
            return false;
        }

        using var chain = new System.Security.Cryptography.X509Certificates.X509Chain();
        chain.ChainPolicy.TrustMode = System.Security.Cryptography.X509Certificates.X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(PspCa.CaPem));
        chain.ChainPolicy.RevocationMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck;
        return chain.Build(System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
    }

    /// <summary>What the platform needs to call this sandbox's tax registry.</summary>
    public Dictionary<string, string?> PlatformSettings => new()
    {
        ["Lottopar:TaxRegistry:BaseUrl"] = TaxRegistryUrl,
        ["Lottopar:TaxRegistry:Token"] = Token,
        ["Lottopar:Sandbox:AdminToken"] = AdminToken,
        ["Lottopar:TaxRegistry:AttemptTimeout"] = "00:00:01",
        ["Lottopar:SelfExclusion:National:BaseUrl"] = BaseUrl + "/self-exclusion/",
        ["Lottopar:SelfExclusion:National:Token"] = Token,
        ["Lottopar:SelfExclusion:National:AttemptTimeout"] = "00:00:01",
    };

    public static async Task<SandboxHost> StartAsync()
    {
        var database = await SiloDatabase.CreateAsync();
        var directory = Directory.CreateTempSubdirectory("lottopar-sandbox-").FullName;
        var ca = TestCertificates.NewAuthority("Sandbox PSP test CA");
        var (serverCertificate, serverKey) = ca.IssueServer();
        await File.WriteAllTextAsync(Path.Combine(directory, "psp.crt"), serverCertificate);
        await File.WriteAllTextAsync(Path.Combine(directory, "psp.key"), serverKey);
        await File.WriteAllTextAsync(Path.Combine(directory, "clients-ca.crt"), ca.CaPem);
        var (webhookCertificate, webhookKey) = ca.IssueClient("sandbox PSP webhooks");
        await File.WriteAllTextAsync(Path.Combine(directory, "webhook-client.crt"), webhookCertificate);
        await File.WriteAllTextAsync(Path.Combine(directory, "webhook-client.key"), webhookKey);
        var (platformCertificate, platformKey) = ca.IssueServer();
        await File.WriteAllTextAsync(Path.Combine(directory, "platform-webhook.crt"), platformCertificate);
        await File.WriteAllTextAsync(Path.Combine(directory, "platform-webhook.key"), platformKey);
        var token = "registry-token-" + Guid.NewGuid().ToString("N");
        var adminToken = "registry-admin-" + Guid.NewGuid().ToString("N");
        var clock = new Lottopar.Testing.ManualClock(DateTimeOffset.UtcNow, realTimers: true);
        var app = SandboxApp.Build([], new Dictionary<string, string?>
        {
            ["ConnectionStrings:Sandbox"] = database.ConnectionString,
            [$"{TaxRegistryOptions.SectionName}:Token"] = token,
            ["Sandbox:AdminToken"] = adminToken,
            ["Sandbox:Port"] = "0",
            ["Sandbox:Psp:Port"] = "0",
            ["Sandbox:Psp:CertificateFile"] = Path.Combine(directory, "psp.crt"),
            ["Sandbox:Psp:KeyFile"] = Path.Combine(directory, "psp.key"),
            ["Sandbox:Psp:ClientCaFile"] = Path.Combine(directory, "clients-ca.crt"),
            ["Sandbox:Psp:WebhookClientCertificateFile"] = Path.Combine(directory, "webhook-client.crt"),
            ["Sandbox:Psp:WebhookClientKeyFile"] = Path.Combine(directory, "webhook-client.key"),
            ["Sandbox:Psp:WebhookServerCaFile"] = Path.Combine(directory, "clients-ca.crt"),
            ["Logging:LogLevel:Default"] = "Warning",
        }, clock);
        await app.StartAsync();
        return new SandboxHost(app, database, app.Urls.First(u => u.StartsWith("http:", StringComparison.Ordinal)).TrimEnd('/'),
            app.Urls.First(u => u.StartsWith("https:", StringComparison.Ordinal)).TrimEnd('/'), token, adminToken, ca, directory) { Clock = clock };
    }

    /// <summary>Sets the registry's answer for a CPF (11 digits), as a LOTTOPAR admin would in homologation.</summary>
    public async Task SetAsync(string cpfDigits, string situacao = "regular", DateOnly? birthDate = null, string nome = "Pessoa de Teste", bool inexistente = false)
    {
        using var http = AdminClient();
        var response = await http.PutAsJsonAsync("/tax-registry/v1/cpf", new
        {
            cpf = cpfDigits,
            nome,
            situacao,
            data_nascimento = (birthDate ?? new DateOnly(1980, 1, 1)).ToString("yyyy-MM-dd"),
            inexistente,
        });
        await Expect.StatusAsync(response, 200);
    }

    /// <summary>Puts a CPF on the sandbox's national self-exclusion list (through <paramref name="until"/>, or for good), or takes it off.</summary>
    public async Task SetNationalSelfExclusionAsync(string cpfDigits, bool excluded = true, DateOnly? until = null)
    {
        using var http = AdminClient();
        await Expect.StatusAsync(await http.PutAsJsonAsync("/self-exclusion/v1/autoexclusao",
            new { cpf = cpfDigits, autoexcluido = excluded, ate = until?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) }), 200);
    }

    /// <summary>The next lookups fail with this status.</summary>
    public async Task FailNextAsync(int failures, int status = 503)
    {
        using var http = AdminClient();
        await Expect.StatusAsync(await http.PostAsJsonAsync("/tax-registry/faults", new { falhas = failures, status }), 200);
    }

    /// <summary>A new account at the sandbox PSP and the settings the platform's client needs for it (a client certificate of the sandbox's CA).</summary>
    /// <param name="autoPayAfterMs">When set, the sandbox pays each charge naming a debtor by itself, so long after it was made.</param>
    /// <param name="openingBalance">What the account holds before any PIX (centavos), for payouts.</param>
    public async Task<Lottopar.GrainInterfaces.Payments.PixAccountSettings> NewPspAccountAsync(string name = "Apostas Teste Ltda", int? autoPayAfterMs = null, long openingBalance = 0)
    {
        using var http = AdminClient();
        var created = await Expect.JsonAsync(await http.PostAsJsonAsync("/psp-sandbox/accounts",
            new { nome = name, cidade = "CURITIBA", pagamento_automatico_ms = autoPayAfterMs, saldo_inicial = openingBalance }), 201);
        var (certificate, key) = PspCa.IssueClient("platform " + name);
        return new Lottopar.GrainInterfaces.Payments.PixAccountSettings(PspBaseUrl, created.GetProperty("client_id").GetString()!, created.GetProperty("client_secret").GetString()!,
            created.GetProperty("chave").GetString()!, certificate, key, PspCa.CaPem);
    }

    /// <summary>Pays a charge as the payer's bank would: 201 with the PIX, or the sandbox's refusal.</summary>
    public async Task<HttpResponseMessage> PayAsync(string chave, string txid, string payerCpf, bool ignoreExpiry = false)
    {
        using var http = AdminClient();
        return await http.PostAsJsonAsync("/psp-sandbox/pay", new { chave, txid, pagador_cpf = payerCpf, pagador_nome = "Pagador Teste", ignorar_expiracao = ignoreExpiry });
    }

    /// <summary>The next calls creating charges fail with this status; after creating them, when told.</summary>
    public async Task PspFailNextAsync(int failures, int status = 503, bool afterExecuting = false, int delayMs = 0)
    {
        using var http = AdminClient();
        await Expect.StatusAsync(await http.PostAsJsonAsync("/psp-sandbox/faults", new { falhas = failures, status, depois_de_executar = afterExecuting, atraso_ms = delayMs }), 200);
    }

    /// <summary>The charges the account (its key) holds, as "status:centavos", in order.</summary>
    public Task<string?> ChargesOfAsync(string chave) => _database.ScalarAsync<string>(
        $"select string_agg(status || ':' || centavos, ',' order by criacao, txid) from sandbox_psp_cobs where chave = '{chave}'");

    /// <summary>Registers a PIX key (or moves it) to a holder in the sandbox's DICT.</summary>
    public async Task SetKeyAsync(string chave, string holderCpf, string nome = "Titular Teste")
    {
        using var http = AdminClient();
        await Expect.StatusAsync(await http.PostAsJsonAsync("/psp-sandbox/dict", new { chave, cpf = holderCpf, nome }), 200);
    }

    /// <summary>The player's bank returns a PIX the account sent.</summary>
    public async Task<HttpResponseMessage> ReturnPayoutAsync(string chave, string idEnvio)
    {
        using var http = AdminClient();
        return await http.PostAsJsonAsync("/psp-sandbox/pagamentos/devolver", new { chave, id_envio = idEnvio });
    }

    /// <summary>The next payout requests fail with this status; after executing them, when told.</summary>
    public async Task PayoutFailNextAsync(int failures, int status = 503, bool afterExecuting = false, int delayMs = 0)
    {
        using var http = AdminClient();
        await Expect.StatusAsync(await http.PostAsJsonAsync("/psp-sandbox/pagamentos/faults",
            new { falhas = failures, status, depois_de_executar = afterExecuting, atraso_ms = delayMs }), 200);
    }

    /// <summary>The PIX the account (its key) sent, as "status:centavos" per payout, in order.</summary>
    public Task<string?> PayoutsOfAsync(string chave) => _database.ScalarAsync<string>(
        $"select string_agg(status || ':' || centavos, ',' order by horario, id_envio) from sandbox_psp_pagamentos where chave_pagador = '{chave}'");

    /// <summary>Stops answering (connections refused), keeping the database.</summary>
    public async Task StopAsync()
    {
        _stopped = true;
        await _app.StopAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stopped)
        {
            await _app.StopAsync();
        }

        await _app.DisposeAsync();
        await _database.DropAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private HttpClient AdminClient()
    {
        var http = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        http.DefaultRequestHeaders.Add(SandboxAdmin.TokenHeader, AdminToken);
        return http;
    }
}
