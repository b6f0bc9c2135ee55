using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lottopar.Grains.Credentials;
using Lottopar.Grains.Operators;
using Lottopar.Silo.Tests.Infrastructure;
using Lottopar.Testing;
using Xunit;

namespace Lottopar.Silo.Tests;

/// <summary>
/// The operator, its lottery provider data and its API keys run on Orleans (issue 16). Each change
/// whose state cannot be written fails whole: the caller gets a 500, what the API shows is as before,
/// no audit entry and no unique-value claim stays behind, and the same request then succeeds as if
/// it were the first (the failed activation was dropped; nothing of the attempt stayed in memory).
/// </summary>
public sealed class OperatorChangesOnOrleansTests(PlatformFixture fixture) : IClassFixture<PlatformFixture>
{
    private readonly PlatformHost _silo = fixture.Silo;
    private readonly HttpClient _admin = fixture.Admin;

    /// <summary>One change: how to arm the fault, what to send, what to read, the audit action it records.</summary>
    private sealed record Change(Action<FaultInjector> Arm, Func<HttpClient, string, Task<HttpResponseMessage>> Send, Func<string, string> ReadPath, string AuditAction);

    private static readonly Dictionary<string, Change> Changes = new()
    {
        ["operator changes status"] = new(
            f => f.FailNextSerialisation<OperatorState>(),
            (admin, oprid) => admin.PostAsJsonAsync($"/admin/operators/{oprid}/status", new { status = "active", reason = "homologated" }),
            oprid => $"/admin/operators/{oprid}",
            "operator.status_changed"),
        ["operator's contact is replaced"] = new(
            f => f.FailNextSerialisation<OperatorState>(),
            (admin, oprid) => admin.PutAsJsonAsync($"/admin/operators/{oprid}/contact", Registrations.New().Contact, TestJson.Options),
            oprid => $"/admin/operators/{oprid}",
            "operator.contact_updated"),
        ["lottery provider is configured"] = new(
            f => f.FailNextSerialisation<LotteryProviderState>(),
            (admin, oprid) => admin.PutAsJsonAsync($"/admin/operators/{oprid}/lottery-provider", new { providerCode = ProviderCodeOf(oprid), allowedIps = new[] { "127.0.0.1" }, enabled = true }),
            oprid => $"/api/operators/{oprid}/lottery-provider",
            "lottery_provider.configured"),
        ["API key is issued"] = new(
            f => f.FailNextSerialisation<ApiCredentialsState>(),
            (admin, oprid) => admin.PostAsJsonAsync($"/admin/operators/{oprid}/api-keys", new { environment = "homologation", scopes = new[] { "read" } }),
            oprid => $"/admin/operators/{oprid}/api-keys",
            "api_key.created"),
    };

    public static TheoryData<string> ChangeNames() => [.. Changes.Keys];

    [Theory]
    [MemberData(nameof(ChangeNames))]
    public async Task AChangeThatCannotBeWrittenLeavesNothingAndThenSucceeds(string name)
    {
        var change = Changes[name];
        var oprid = await PlatformHost.OnboardAsync(_admin);
        var before = await ReadAsync(change.ReadPath(oprid));

        change.Arm(_silo.Faults);
        var failed = await change.Send(_admin, oprid);

        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Equal(before, await ReadAsync(change.ReadPath(oprid)));
        Assert.True((int)(await change.Send(_admin, oprid)).StatusCode is 200 or 201);
        Assert.NotEqual(before, await ReadAsync(change.ReadPath(oprid)));
        var audit = await Eventually.HoldsAsync(() => AuditAsync(oprid, change.AuditAction), entries => entries >= 1, "the change is audited");
        Assert.Equal(1, audit); // the failed attempt left no entry
    }

    [Fact]
    public async Task ARegistrationThatCannotBeWrittenClaimsNothing()
    {
        var registration = Registrations.New();
        var cnpj = new string([.. registration.Cnpj.Where(char.IsAsciiDigit)]); // as stored

        _silo.Faults.FailNextSerialisation<OperatorState>();
        var failed = await _admin.PostAsJsonAsync("/admin/operators", registration, TestJson.Options);

        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.DoesNotContain(await OperatorsAsync(), o => o.GetProperty("cnpj").GetString() == cnpj);
        // The CNPJ, license number, e-mail and mobile were not claimed: the same registration goes through.
        var oprid = await PlatformHost.OnboardAsync(_admin, registration);
        Assert.Single(await OperatorsAsync(), o => o.GetProperty("cnpj").GetString() == cnpj);
        Assert.Equal(1, await Eventually.HoldsAsync(() => AuditAsync(oprid, "operator.registered"), n => n >= 1, "the registration is audited"));
    }

    private static string ProviderCodeOf(string oprid) => (int.Parse(oprid[^6..], System.Globalization.CultureInfo.InvariantCulture) % 999 + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private async Task<string> ReadAsync(string path)
    {
        var response = await _admin.GetAsync(path);
        await Expect.StatusAsync(response, 200);
        return await response.Content.ReadAsStringAsync();
    }

    private async Task<int> AuditAsync(string oprid, string action) =>
        (await _admin.GetFromJsonAsync<JsonElement>($"/admin/audit?oprid={oprid}&action={action}")).GetArrayLength();

    private async Task<List<JsonElement>> OperatorsAsync() =>
        [.. (await _admin.GetFromJsonAsync<JsonElement>("/admin/operators")).EnumerateArray()];
}
