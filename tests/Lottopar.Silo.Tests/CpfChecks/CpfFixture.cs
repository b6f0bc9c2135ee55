using System.Net.Http.Json;
using System.Text.Json;
using Lottopar.Grains.Validation;
using Lottopar.Silo.Tests.Infrastructure;
using Xunit;

namespace Lottopar.Silo.Tests.CpfChecks;

/// <summary>
/// The sandbox (its tax registry) and a silo that asks it over HTTP, with a low per-operator limit.
/// Each test onboards its own operator and uses CPFs no other test uses.
/// </summary>
public sealed class CpfFixture : IAsyncLifetime
{

    public const int ChecksPerMinute = 20;

    public SandboxHost Sandbox { get; private set; } = null!;

    public PlatformHost Silo { get; private set; } = null!;

    public HttpClient Admin { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Sandbox = await SandboxHost.StartAsync();
        var settings = Sandbox.PlatformSettings;
        settings["Lottopar:Cpf:ChecksPerMinutePerOperator"] = ChecksPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Lottopar:Cpf:CacheFor"] = "00:10:00";
        Silo = await PlatformHost.StartAsync(settings: settings);
        Admin = await Silo.AdminAsync();
    }

    public async Task DisposeAsync()
    {
        await Silo.DisposeAsync();
        await Sandbox.DisposeAsync();
    }

    /// <summary>A new operator and a client with its API key (scope cpf unless told otherwise).</summary>
    public async Task<(string Oprid, HttpClient Client)> NewOperatorAsync(params string[] scopes)
    {
        var oprid = await PlatformHost.OnboardAsync(Admin);
        return (oprid, Silo.WithApiKey(await PlatformHost.IssueKeyAsync(Admin, oprid, "homologation", scopes.Length > 0 ? scopes : ["cpf"])));
    }

    /// <summary>A valid CPF (11 digits) drawn at random: no two tests share one.</summary>
    public static string NewCpf() => Cpf.Complete(Random.Shared.Next(100_000_000, 999_999_999).ToString("D9", System.Globalization.CultureInfo.InvariantCulture));

    public static Task<HttpResponseMessage> ValidateAsync(HttpClient client, string? cpf) => client.PostAsJsonAsync("/cpf/validate", new { cpf });

    /// <summary>The answer of a 200: allowed, and the reason codes in order, joined by commas.</summary>
    public static async Task<(bool Allowed, string Codes)> VerdictAsync(HttpResponseMessage response)
    {
        var body = await Expect.JsonAsync(response);
        return (body.GetProperty("allowed").GetBoolean(), string.Join(',', body.GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("code").GetString())));
    }

    public static async Task<(bool Allowed, string Codes)> CheckAsync(HttpClient client, string cpf) => await VerdictAsync(await ValidateAsync(client, cpf));

    public Task<long> LoggedChecksAsync(string oprid) => Silo.Database.ScalarAsync<long>($"select count(*) from cpf_checks where oprid = '{oprid}'");

    public async Task<JsonElement> AddRestrictionAsync(object body)
    {
        var response = await Admin.PostAsJsonAsync("/admin/cpf-restrictions", body);
        return await Expect.JsonAsync(response, 201);
    }
}
