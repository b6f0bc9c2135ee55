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

    private SandboxHost(WebApplication app, SiloDatabase database, string baseUrl, string token, string adminToken)
    {
        _app = app;
        _database = database;
        BaseUrl = baseUrl;
        Token = token;
        AdminToken = adminToken;
    }

    public string Token { get; }

    public string AdminToken { get; }

    public string BaseUrl { get; }

    public string TaxRegistryUrl => BaseUrl + "/tax-registry/";

    /// <summary>What the platform needs to call this sandbox's tax registry.</summary>
    public Dictionary<string, string?> PlatformSettings => new()
    {
        ["Lottopar:TaxRegistry:BaseUrl"] = TaxRegistryUrl,
        ["Lottopar:TaxRegistry:Token"] = Token,
        ["Lottopar:TaxRegistry:AdminToken"] = AdminToken,
        ["Lottopar:TaxRegistry:AttemptTimeout"] = "00:00:01",
    };

    public static async Task<SandboxHost> StartAsync()
    {
        var database = await SiloDatabase.CreateAsync();
        var token = "registry-token-" + Guid.NewGuid().ToString("N");
        var adminToken = "registry-admin-" + Guid.NewGuid().ToString("N");
        var app = SandboxApp.Build([], new Dictionary<string, string?>
        {
            ["ConnectionStrings:Sandbox"] = database.ConnectionString,
            [$"{TaxRegistryOptions.SectionName}:Token"] = token,
            [$"{TaxRegistryOptions.SectionName}:AdminToken"] = adminToken,
            ["Logging:LogLevel:Default"] = "Warning",
        });
        app.Urls.Add("http://127.0.0.1:0");
        await app.StartAsync();
        return new SandboxHost(app, database, app.Urls.First().TrimEnd('/'), token, adminToken);
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

    /// <summary>The next lookups fail with this status.</summary>
    public async Task FailNextAsync(int failures, int status = 503)
    {
        using var http = AdminClient();
        await Expect.StatusAsync(await http.PostAsJsonAsync("/tax-registry/faults", new { falhas = failures, status }), 200);
    }

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
    }

    private HttpClient AdminClient()
    {
        var http = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        http.DefaultRequestHeaders.Add(TaxRegistryApi.AdminTokenHeader, AdminToken);
        return http;
    }
}
