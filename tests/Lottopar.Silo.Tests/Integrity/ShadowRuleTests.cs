using System.Net;
using Lottopar.Silo.Tests.Betting;
using Lottopar.Silo.Tests.Infrastructure;
using Lottopar.Testing;
using Xunit;

namespace Lottopar.Silo.Tests.Integrity;

/// <summary>A rule version in shadow runs beside the live one on live traffic and records what it would raise, raising nothing.</summary>
[Collection(IntegrityCollection.Name)]
public sealed class ShadowRuleTests(IntegrityFixture fixture)
{
    [Fact]
    public async Task AShadowVersionRecordsWhatItWouldRaiseWhileTheLiveOneRaisesNothing()
    {
        var second = await fixture.Silo.AdminAsync();
        var proposed = await IntegrityFixture.ProposeAsync(fixture.Admin, "player_stake_limit",
            new { parameters = new { daily_limit = 5_000 }, reason = "Limite de R$ 50,00 em sombra.", shadow = true });
        var version = proposed.GetProperty("version").GetInt32();
        Assert.True(proposed.GetProperty("shadow").GetBoolean());
        var approved = await Expect.JsonAsync(await second.PostAsync($"/admin/integrity/rules/player_stake_limit/versions/{version}/approve", null));
        Assert.Equal("shadow", approved.GetProperty("status").GetString());
        var rule = await Expect.JsonAsync(await fixture.Admin.GetAsync("/admin/integrity/rules/player_stake_limit"));
        Assert.NotEqual(version, rule.GetProperty("activeVersion").GetInt32());
        await Task.Delay(Lottopar.Grains.Integrity.IntegrityIntakeGrain.RulesFor + TimeSpan.FromMilliseconds(500));

        var (_, client) = await fixture.OperatorAsync("betting-events", "read");
        var cpf = BettingFixture.NewCpf();
        var masked = Lottopar.Grains.Validation.Cpf.Mask(cpf.Replace(".", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal));
        var bet = await IntegrityFixture.BetAsync(client, cpf, j => j["total_stake"] = 6_000);

        var findings = await Eventually.HoldsAsync(
            async () => (await Expect.JsonAsync(await fixture.Admin.GetAsync($"/admin/integrity/rules/player_stake_limit/shadow-findings?version={version}"))).EnumerateArray().ToList(),
            list => list.Any(f => f.GetProperty("subject").GetString() == masked), "the shadow version records its finding");
        var finding = findings.First(f => f.GetProperty("subject").GetString() == masked);
        Assert.Equal(bet, finding.GetProperty("evidence")[0].GetProperty("id").GetString());
        Assert.DoesNotContain(await IntegrityFixture.AlertsAsync(fixture.Admin, "rule=player_stake_limit&limit=200"), a => a.GetProperty("cpf").GetString() == masked);
        var stats = (await Expect.JsonAsync(await fixture.Admin.GetAsync("/admin/integrity/rules/stats"))).EnumerateArray().Single(s => s.GetProperty("rule").GetString() == "player_stake_limit");
        Assert.True(stats.GetProperty("shadowHitsLast7Days").GetInt64() >= 1);

        var stopped = await Expect.JsonAsync(await second.PostAsync($"/admin/integrity/rules/player_stake_limit/versions/{version}/stop-shadow", null));
        Assert.Equal("superseded", stopped.GetProperty("status").GetString());
        await Expect.ProblemAsync(await second.PostAsync($"/admin/integrity/rules/player_stake_limit/versions/{version}/stop-shadow", null), HttpStatusCode.Conflict, "conflict");
    }
}
