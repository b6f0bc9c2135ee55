using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lottopar.Grains.Operators;
using Lottopar.Silo.Tests.Infrastructure;
using Lottopar.Testing;
using Xunit;

namespace Lottopar.Silo.Tests;

/// <summary>
/// License validity on a clock the test moves: a warning 30 days before the license ends, and
/// suspension when it ends (an Orleans reminder each, one-shot: it ticks until its effect has
/// committed). Dates follow the shared clock, wherever earlier tests left it.
/// </summary>
public sealed class LicenseExpiryTests(LicenseExpiryTests.LongSessionFixture fixture) : IClassFixture<LicenseExpiryTests.LongSessionFixture>
{
    private readonly PlatformHost _silo = fixture.Silo;
    private readonly HttpClient _admin = fixture.Admin;

    private DateOnly Today => LicenseCalendar.Today(_silo.Clock.GetUtcNow());

    private async Task<JsonElement> OperatorAsync(string oprid) => (await _admin.GetFromJsonAsync<JsonElement>($"/admin/operators/{oprid}")).GetProperty("operator");

    [Fact]
    public async Task WarningThirtyDaysBeforeThenSuspensionWhenTheLicenseEnds()
    {
        var validUntil = Today.AddDays(90);
        var oprid = await PlatformHost.OnboardAsync(_admin, Registrations.New(validUntil));
        var key = _silo.WithApiKey(await PlatformHost.IssueKeyAsync(_admin, oprid));
        await PlatformHost.ActivateAsync(_admin, oprid);
        var registration = (await OperatorAsync(oprid)).GetProperty("license").Deserialize<GrainInterfaces.Operators.License>(TestJson.Options)!;

        // Just before the warning is due: nothing yet.
        _silo.Clock.Advance(LicenseCalendar.WarningInstant(registration) - _silo.Clock.GetUtcNow() - TimeSpan.FromMinutes(1));
        await TwoTicksAsync();
        Assert.Empty((await OperatorAsync(oprid)).GetProperty("licenseWarnings").EnumerateArray());

        _silo.Clock.Advance(TimeSpan.FromMinutes(2));
        var warned = await Eventually.HoldsAsync(() => OperatorAsync(oprid), o => o.GetProperty("licenseWarnings").GetArrayLength() == 1, "the warning is recorded");
        Assert.Contains($"expires on {validUntil:yyyy-MM-dd}", warned.GetProperty("licenseWarnings")[0].GetProperty("message").GetString());
        Assert.Equal("active", warned.GetProperty("status").GetString());
        await Expect.StatusAsync(await key.GetAsync($"/api/operators/{oprid}"), 200);

        // The day after the last valid day, in Brasília.
        _silo.Clock.Advance(LicenseCalendar.ExpiryInstant(registration) - _silo.Clock.GetUtcNow() + TimeSpan.FromMinutes(1));
        var suspended = await Eventually.HoldsAsync(() => OperatorAsync(oprid), o => o.GetProperty("status").GetString() == "suspended", "the operator is suspended");
        var last = suspended.GetProperty("statusHistory").EnumerateArray().Last();
        Assert.Equal($"License {registration.Number} expired on {validUntil:yyyy-MM-dd}.", last.GetProperty("reason").GetString());
        Assert.Equal("system:license-calendar", last.GetProperty("actor").GetString());
        var refused = await Expect.ProblemAsync(await key.GetAsync($"/api/operators/{oprid}"), HttpStatusCode.Forbidden, "operator_suspended");
        Assert.Contains("expired", refused.GetProperty("detail").GetString());

        var audit = await Eventually.HoldsAsync(
            async () => (await _admin.GetFromJsonAsync<JsonElement>($"/admin/audit?targetId={oprid}")).EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList(),
            a => a.Contains("operator.license_expired"), "the expiry is audited");
        Assert.Contains("operator.license_expiry_warning", audit);
    }

    [Fact]
    public async Task LicenseEndingWithinThirtyDaysWarnsAtOnce()
    {
        var oprid = await PlatformHost.OnboardAsync(_admin, Registrations.New(Today.AddDays(10)));

        var warned = await Eventually.HoldsAsync(() => OperatorAsync(oprid), o => o.GetProperty("licenseWarnings").GetArrayLength() == 1, "the warning is recorded");

        Assert.Equal("pending", warned.GetProperty("status").GetString());
    }

    [Fact]
    public async Task RenewedLicenseMovesTheRemindersAndAnExpiredOneCannotBeActivated()
    {
        var first = Today.AddDays(40);
        var oprid = await PlatformHost.OnboardAsync(_admin, Registrations.New(first));
        var renewed = Registrations.New(Today.AddDays(400)).License;
        await Expect.StatusAsync(await _admin.PutAsJsonAsync($"/admin/operators/{oprid}/license", renewed, TestJson.Options), 200);

        _silo.Clock.Advance(TimeSpan.FromDays(45));
        await TwoTicksAsync();

        var view = await OperatorAsync(oprid);
        Assert.Equal("pending", view.GetProperty("status").GetString());
        Assert.Empty(view.GetProperty("licenseWarnings").EnumerateArray());
        var expiredLicense = Registrations.New(Today.AddDays(-1)).License;
        var refused = await _admin.PutAsJsonAsync($"/admin/operators/{oprid}/license", expiredLicense, TestJson.Options);
        Assert.True((await Expect.ProblemAsync(refused, (HttpStatusCode)422, "validation_failed")).GetProperty("errors").TryGetProperty("license.validUntil", out _));
    }

    [Fact]
    public async Task ASuspensionThatCannotBeWrittenIsMadeOnTheNextTickAndOnlyOnce()
    {
        var validUntil = Today.AddDays(40);
        var oprid = await PlatformHost.OnboardAsync(_admin, Registrations.New(validUntil));
        await PlatformHost.ActivateAsync(_admin, oprid);
        var license = (await OperatorAsync(oprid)).GetProperty("license").Deserialize<GrainInterfaces.Operators.License>(TestJson.Options)!;

        // Past the expiry at once: the warning is no longer due, the suspension is, and its first write fails.
        _silo.Faults.FailNextSerialisation<OperatorState>();
        _silo.Clock.Advance(LicenseCalendar.ExpiryInstant(license) - _silo.Clock.GetUtcNow() + TimeSpan.FromMinutes(1));

        await Eventually.HoldsAsync(() => Task.FromResult(_silo.Faults.SerialisationFaultPending<OperatorState>()), pending => !pending, "the first suspension fails");
        var suspended = await Eventually.HoldsAsync(() => OperatorAsync(oprid), o => o.GetProperty("status").GetString() == "suspended", "a later tick suspends");
        await TwoTicksAsync();
        var audit = await Eventually.HoldsAsync(
            async () => (await _admin.GetFromJsonAsync<JsonElement>($"/admin/audit?oprid={oprid}&action=operator.license_expired")).GetArrayLength(),
            n => n >= 1, "the suspension is audited");
        Assert.Equal(1, audit);
        Assert.Equal(3, (await OperatorAsync(oprid)).GetProperty("statusHistory").GetArrayLength()); // registered, activated, suspended once
        Assert.Equal("suspended", suspended.GetProperty("status").GetString());
    }

    /// <summary>
    /// The clock moves by months here: the admin's session must outlast it. Orleans' reminders run on
    /// real time, so here they tick every second (production: every minute once due, and sleep until
    /// then) and each tick reads the moved clock.
    /// </summary>
    public sealed class LongSessionFixture : PlatformFixture
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Lottopar:SessionLifetime"] = "3650.00:00:00",
            ["Lottopar:Reminders:Period"] = TickPeriod,
            ["Lottopar:Reminders:LongestSleep"] = TickPeriod,
        };
    }

    private const string TickPeriod = "00:00:01";

    /// <summary>Long enough for two ticks: a reminder that was going to act has acted.</summary>
    private static Task TwoTicksAsync() => Task.Delay(TimeSpan.FromSeconds(2.5));
}
