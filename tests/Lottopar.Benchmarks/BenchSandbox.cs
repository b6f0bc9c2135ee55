using System.Diagnostics;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Text.Json;
using Lottopar.GrainInterfaces.Payments;
using Lottopar.Silo.Tests.Infrastructure;
using Lottopar.Testing;

namespace Lottopar.Benchmarks;

/// <summary>
/// The homologation sandbox (sandbox/Lottopar.Sandbox, Release) as its own process, as deploy/run.sh
/// runs it, on a fresh database: the tax registry and the sandbox's controls over HTTP, the PSP's API
/// Pix over HTTPS with mutual TLS, and its webhooks posted with its client certificate to the
/// platform's webhook port (mutual TLS too); every certificate issued by a CA made for the run.
/// </summary>
internal sealed class BenchSandbox : IAsyncDisposable
{
    private const string AdminTokenHeader = "X-Sandbox-Admin-Token";

    private readonly Process _process;
    private readonly string _directory;
    private readonly TestCertificates _ca;
    private readonly string _adminToken;
    private readonly int _platformWebhookPort;
    private readonly PosixSignalRegistration[] _stopSignals;

    private BenchSandbox(
        Process process, string directory, TestCertificates ca, string url, string pspUrl, int platformWebhookPort, string registryToken, string adminToken)
    {
        _process = process;
        _directory = directory;
        _ca = ca;
        Url = url;
        PspUrl = pspUrl;
        _platformWebhookPort = platformWebhookPort;
        RegistryToken = registryToken;
        _adminToken = adminToken;
        // A benchmark stopped by SIGTERM or SIGINT takes the sandbox with it, as it does its silo.
        _stopSignals = [.. new[] { PosixSignal.SIGTERM, PosixSignal.SIGINT }.Select(signal => PosixSignalRegistration.Create(signal, _ => Stop()))];
    }

    /// <summary>The plain HTTP address: the tax registry and the controls.</summary>
    public string Url { get; }

    /// <summary>The API Pix's base address (HTTPS, mutual TLS).</summary>
    public string PspUrl { get; }

    public string RegistryToken { get; }

    /// <summary>The CPU time the sandbox process has used so far: a slice's is the difference of two readings.</summary>
    public double CpuMilliseconds
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime.TotalMilliseconds;
        }
    }

    /// <summary>Where the platform takes this PSP's webhooks: its webhook port, which requires the PSP's client certificate.</summary>
    public string PlatformWebhookUrl => $"https://127.0.0.1:{_platformWebhookPort}";

    /// <summary>
    /// What the platform needs, as silo environment settings: this sandbox's tax registry, and the
    /// webhook port with its certificate and the CA of the PSP's client certificates (this run's CA).
    /// </summary>
    public Dictionary<string, string> PlatformSettings => new()
    {
        ["Lottopar__TaxRegistry__BaseUrl"] = Url + "/tax-registry/",
        ["Lottopar__TaxRegistry__Token"] = RegistryToken,
        ["Lottopar__Payments__WebhookTls__Port"] = $"{_platformWebhookPort}",
        ["Lottopar__Payments__WebhookTls__CertificateFile"] = Path.Combine(_directory, "platform-webhook.crt"),
        ["Lottopar__Payments__WebhookTls__KeyFile"] = Path.Combine(_directory, "platform-webhook.key"),
        ["Lottopar__Payments__WebhookTls__ClientCaFile"] = Path.Combine(_directory, "clients-ca.crt"),
    };

    public static async Task<BenchSandbox> StartAsync()
    {
        var connectionString = await BenchDatabase.CreateEmptyAsync();
        var directory = Directory.CreateTempSubdirectory("lottopar-bench-sandbox-").FullName;
        var ca = TestCertificates.NewAuthority("Benchmark sandbox PSP CA");
        // The API Pix's server, the PSP's client for its webhooks, the platform's webhook server: one CA, which both sides trust.
        foreach (var (name, (certificate, key)) in new[] { ("psp", ca.IssueServer()), ("webhook-client", ca.IssueClient("sandbox PSP webhooks")), ("platform-webhook", ca.IssueServer()) })
        {
            await File.WriteAllTextAsync(Path.Combine(directory, name + ".crt"), certificate);
            await File.WriteAllTextAsync(Path.Combine(directory, name + ".key"), key);
        }

        await File.WriteAllTextAsync(Path.Combine(directory, "clients-ca.crt"), ca.CaPem);
        var (port, pspPort, platformWebhookPort) = (FreePort.Next(), FreePort.Next(), FreePort.Next());
        var (registryToken, adminToken) = ("registry-" + Guid.NewGuid().ToString("N"), "sandbox-admin-" + Guid.NewGuid().ToString("N"));

        var dll = Repository.PathOf("sandbox", "Lottopar.Sandbox", "bin", "Release", "net10.0", "Lottopar.Sandbox.dll");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(dll)! };
        start.ArgumentList.Add(dll);
        foreach (var (name, value) in new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Logging__LogLevel__Default"] = "Warning",
            ["ConnectionStrings__Sandbox"] = connectionString,
            ["Sandbox__AdminToken"] = adminToken,
            ["Sandbox__TaxRegistry__Token"] = registryToken,
            ["Sandbox__Port"] = $"{port}",
            ["Sandbox__Psp__Port"] = $"{pspPort}",
            ["Sandbox__Psp__CertificateFile"] = Path.Combine(directory, "psp.crt"),
            ["Sandbox__Psp__KeyFile"] = Path.Combine(directory, "psp.key"),
            ["Sandbox__Psp__ClientCaFile"] = Path.Combine(directory, "clients-ca.crt"),
            ["Sandbox__Psp__WebhookClientCertificateFile"] = Path.Combine(directory, "webhook-client.crt"),
            ["Sandbox__Psp__WebhookClientKeyFile"] = Path.Combine(directory, "webhook-client.key"),
            ["Sandbox__Psp__WebhookServerCaFile"] = Path.Combine(directory, "clients-ca.crt"),
        })
        {
            start.Environment[name] = value;
        }

        var sandbox = new BenchSandbox(
            Process.Start(start)!, directory, ca, $"http://127.0.0.1:{port}", $"https://127.0.0.1:{pspPort}/api-pix/", platformWebhookPort, registryToken, adminToken);
        try
        {
            await sandbox.WaitUntilReadyAsync();
            return sandbox;
        }
        catch
        {
            await sandbox.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// A new account at the sandbox PSP and what the platform needs to use it: a client certificate of
    /// the sandbox's CA, and that CA to trust the PSP's server.
    /// </summary>
    /// <param name="autoPayAfterMs">The sandbox pays each charge naming a debtor by itself, so long after it was made.</param>
    /// <param name="openingBalance">Centavos the account holds before any PIX, for payouts.</param>
    public async Task<PixAccountSettings> NewPspAccountAsync(string name, int autoPayAfterMs, long openingBalance)
    {
        using var http = new HttpClient { BaseAddress = new Uri(Url) };
        http.DefaultRequestHeaders.Add(AdminTokenHeader, _adminToken);
        using var response = await http.PostAsJsonAsync("/psp-sandbox/accounts",
            new { nome = name, cidade = "CURITIBA", pagamento_automatico_ms = autoPayAfterMs, saldo_inicial = openingBalance });
        var created = response.IsSuccessStatusCode
            ? await response.Content.ReadFromJsonAsync<JsonElement>()
            : throw new InvalidOperationException($"The sandbox refused the PSP account: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var (certificate, key) = _ca.IssueClient("platform " + name);
        return new PixAccountSettings(PspUrl, created.GetProperty("client_id").GetString()!, created.GetProperty("client_secret").GetString()!,
            created.GetProperty("chave").GetString()!, certificate, key, _ca.CaPem);
    }

    private async Task WaitUntilReadyAsync()
    {
        using var http = new HttpClient();
        var state = await Eventually.HoldsAsync(
            async () => _process.HasExited ? "exited" : await AnswersAsync(http) ? "ready" : "starting",
            state => state != "starting", "the sandbox answers /health", TimeSpan.FromSeconds(60));
        if (state == "exited")
        {
            throw new InvalidOperationException($"The sandbox exited with code {_process.ExitCode} (its output is above).");
        }
    }

    private async Task<bool> AnswersAsync(HttpClient http)
    {
        try
        {
            using var response = await http.GetAsync($"{Url}/health");
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false; // not listening yet
        }
    }

    private void Stop()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var registration in _stopSignals)
        {
            registration.Dispose();
        }

        Stop();
        await _process.WaitForExitAsync();
        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
