using System.Net.Http.Json;
using Lottopar.Silo.Tests.Betting;
using Lottopar.Silo.Tests.Infrastructure;
using Lottopar.Testing;
using Xunit;

namespace Lottopar.Silo.Tests.Integrity;

/// <summary>A suspended case reopens by itself when its date comes (a reminder), on a silo whose reminders tick every second.</summary>
public sealed class CaseSuspensionTests
{
    [Fact]
    public async Task ASuspendedCaseReopensByItselfWhenItsDateComes()
    {
        await using var silo = await PlatformHost.StartAsync(settings: PlatformHost.IntegrityOn(new Dictionary<string, string?>
        {
            ["Lottopar:Reminders:Period"] = "00:00:01",
            ["Lottopar:Reminders:LongestSleep"] = "00:00:01",
        }));
        var admin = await silo.AdminAsync();
        var oprid = await PlatformHost.OnboardAsync(admin);
        var client = silo.WithApiKey(await PlatformHost.IssueKeyAsync(admin, oprid, "homologation", "betting-events", "read"));
        var bet = await IntegrityFixture.BetAsync(client, BettingFixture.NewCpf(), j => j["bonus_amount"] = 50);
        var alert = (await IntegrityFixture.AlertAsync(client, "rule=bonus_bet", a => IntegrityFixture.HasEvidence(a, bet), "the alert")).GetProperty("id").GetString();
        var id = (await Expect.JsonAsync(await admin.PostAsJsonAsync("/admin/integrity/cases", new { title = "Aguardando ofício", alertIds = new[] { alert } }), 201)).GetProperty("id").GetString();

        var suspended = await Expect.JsonAsync(await admin.PostAsJsonAsync($"/admin/integrity/cases/{id}/suspend", new { until = silo.Clock.GetUtcNow().AddHours(1), reason = "Aguardando resposta do operador." }));
        Assert.Equal("suspended", suspended.GetProperty("status").GetString());
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal("suspended", (await Expect.JsonAsync(await admin.GetAsync($"/admin/integrity/cases/{id}"))).GetProperty("status").GetString());

        silo.Clock.Advance(TimeSpan.FromHours(2));
        var reopened = await Eventually.HoldsAsync(
            async () => await Expect.JsonAsync(await admin.GetAsync($"/admin/integrity/cases/{id}")), c => c.GetProperty("status").GetString() == "open", "the case reopens", TimeSpan.FromSeconds(30));
        Assert.Equal("reopened", reopened.GetProperty("timeline").EnumerateArray().Last().GetProperty("kind").GetString());
    }
}
