using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lottopar.Silo.Integrity;
using Lottopar.Silo.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Lottopar.Silo.Tests.Integrity;

/// <summary>
/// An operator's risk from its open alerts by severity and age: highlighted over the threshold, less
/// once it answers, not at all once LOTTOPAR closes them. On a silo of its own: the test moves the clock a week.
/// </summary>
public sealed class OperatorRiskTests
{
    [Fact]
    public async Task AnOperatorIsHighlightedWhenItsOpenAlertsAgeAndLeavesTheHighlightWhenTheyAreAnsweredAndClosed()
    {
        await using var silo = await PlatformHost.StartAsync(settings: PlatformHost.IntegrityOn());
        var admin = await silo.AdminAsync();
        var oprid = await PlatformHost.OnboardAsync(admin);
        var client = silo.WithApiKey(await PlatformHost.IssueKeyAsync(admin, oprid, "homologation", "read", "integrity"));
        var otherOprid = await PlatformHost.OnboardAsync(admin);
        var other = silo.WithApiKey(await PlatformHost.IssueKeyAsync(admin, otherOprid, "homologation", "read"));
        var monitor = silo.Services.GetRequiredService<OperatorRiskMonitor>();

        await IntegrityFixture.PublishVaultAsync(silo, oprid, "security_violation", "Assinatura inválida", Guid.NewGuid());
        await IntegrityFixture.PublishVaultAsync(silo, oprid, "invalid_file", "Totais errados", Guid.NewGuid());
        var critical = await IntegrityFixture.AlertAsync(client, "rule=vault_security_violation", _ => true, "the critical alert");
        await IntegrityFixture.AlertAsync(client, "rule=vault_invalid_file", _ => true, "the high alert");

        await monitor.RunOnceAsync(default);
        Assert.Equal((40L, false, 2), Of(await RiskAsync(client)));

        silo.Clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromHours(1)); // unanswered for a week (and an hour): each weighs double (a little more)
        await monitor.RunOnceAsync(default);
        var highlighted = await RiskAsync(client);
        Assert.Equal((80L, true, 2), Of(highlighted));
        var staff = await silo.AdminAsync(); // a new session: the first one ended with the week
        Assert.Contains((await Expect.JsonAsync(await staff.GetAsync("/integrity/risk?highlighted=true"))).EnumerateArray(), r => r.GetProperty("oprid").GetString() == oprid);

        await Expect.StatusAsync(await client.PostAsJsonAsync($"/integrity/alerts/{critical.GetProperty("id").GetString()}/acknowledge", new { action = "Certificado trocado." }), 200);
        await monitor.RunOnceAsync(default);
        var answered = await RiskAsync(client);
        Assert.Equal((50L, true), (answered.GetProperty("risk").GetInt64(), answered.GetProperty("highlighted").GetBoolean()));
        Assert.Equal(highlighted.GetProperty("highlightedSince").GetString(), answered.GetProperty("highlightedSince").GetString());

        await Expect.StatusAsync(await staff.PostAsJsonAsync($"/admin/integrity/alerts/{critical.GetProperty("id").GetString()}/close", new { resolution = "Resolvido." }), 200);
        await monitor.RunOnceAsync(default);
        Assert.Equal((20L, false, 1), Of(await RiskAsync(client)));
        Assert.DoesNotContain((await Expect.JsonAsync(await staff.GetAsync("/integrity/risk?highlighted=true"))).EnumerateArray(), r => r.GetProperty("oprid").GetString() == oprid);

        await Expect.ProblemAsync(await other.GetAsync($"/integrity/risk?oprid={oprid}"), HttpStatusCode.NotFound, "not_found");
        Assert.DoesNotContain((await Expect.JsonAsync(await other.GetAsync("/integrity/risk"))).EnumerateArray(), r => r.GetProperty("oprid").GetString() == oprid);
    }

    private static async Task<JsonElement> RiskAsync(HttpClient client) =>
        Assert.Single((await Expect.JsonAsync(await client.GetAsync("/integrity/risk"))).EnumerateArray());

    private static (long Risk, bool Highlighted, int OpenAlerts) Of(JsonElement risk) =>
        (risk.GetProperty("risk").GetInt64(), risk.GetProperty("highlighted").GetBoolean(), risk.GetProperty("openAlerts").GetInt32());
}
