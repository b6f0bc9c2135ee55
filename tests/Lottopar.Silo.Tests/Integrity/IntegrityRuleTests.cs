using System.Net;
using System.Net.Http.Json;
using Lottopar.Silo.Tests.Betting;
using Lottopar.Silo.Tests.Infrastructure;
using Lottopar.Testing;
using Xunit;

namespace Lottopar.Silo.Tests.Integrity;

/// <summary>The rulebook through the admin API: every rule listed; a change proposed by one admin, put in force by another, then judging later events.</summary>
[Collection(IntegrityCollection.Name)]
public sealed class IntegrityRuleTests(IntegrityFixture fixture)
{
    [Fact]
    public async Task EveryShippedRuleIsListedWithItsParametersAndVersionOne()
    {
        var rules = (await Expect.JsonAsync(await fixture.Admin.GetAsync("/admin/integrity/rules"))).EnumerateArray().ToList();

        Assert.Equal(Lottopar.Grains.Integrity.IntegrityRules.All.Select(r => r.Id).Order(), rules.Select(r => r.GetProperty("id").GetString()).Order());
        var bonus = rules.Single(r => r.GetProperty("id").GetString() == "bonus_bet");
        Assert.Equal(["policy", "max_bonus_per_bet"], bonus.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        Assert.Equal("active", bonus.GetProperty("versions")[0].GetProperty("status").GetString());
        await Expect.ProblemAsync(await fixture.Admin.GetAsync("/admin/integrity/rules/no_such_rule"), HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task ARuleChangeNeedsASecondAdminAndThenJudgesLaterEvents()
    {
        var (_, client) = await fixture.OperatorAsync("betting-events", "read");
        var cpf = BettingFixture.NewCpf();
        var second = await fixture.Silo.AdminAsync();
        var analyst = await fixture.Silo.StaffAsync(["integrity-analyst"], oprid: null);
        var before = await IntegrityFixture.BetAsync(client, cpf, j => j["total_stake"] = 2_500_000); // R$ 25.000: under the shipped daily limit
        // A marker on the same stream, after it: once the marker is an alert, the stake has been judged under version 1.
        var marker = await IntegrityFixture.BetAsync(client, BettingFixture.NewCpf(), j => j["bonus_amount"] = 1);
        await IntegrityFixture.AlertAsync(fixture.Admin, "rule=bonus_bet", a => IntegrityFixture.HasEvidence(a, marker), "the marker");

        var unknown = await Expect.ProblemAsync(await fixture.Admin.PostAsJsonAsync("/admin/integrity/rules/player_stake_limit/versions",
            new { parameters = new { daily_limt = 100 }, reason = "typo" }), HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.True(unknown.GetProperty("errors").TryGetProperty("parameters.daily_limt", out _));
        await Expect.ProblemAsync(await fixture.Admin.PostAsJsonAsync("/admin/integrity/rules/player_stake_limit/versions",
            new { parameters = new { daily_limit = 1 }, reason = "too low" }), HttpStatusCode.UnprocessableEntity, "validation_failed");
        await Expect.ProblemAsync(await analyst.PostAsJsonAsync("/admin/integrity/rules/player_stake_limit/versions",
            new { parameters = new { daily_limit = 100_000 }, reason = "analysts do not change rules" }), HttpStatusCode.Forbidden, "forbidden");

        var proposed = await IntegrityFixture.ProposeAsync(fixture.Admin, "player_stake_limit", new { parameters = new { daily_limit = 10_000 }, reason = "Limite diário de R$ 100,00 para o teste." });
        var version = proposed.GetProperty("version").GetInt32();
        Assert.Equal("proposed", proposed.GetProperty("status").GetString());
        await Expect.ProblemAsync(await second.PostAsJsonAsync("/admin/integrity/rules/player_stake_limit/versions", new { parameters = new { daily_limit = 20_000 }, reason = "another" }), HttpStatusCode.Conflict, "conflict");
        await Expect.ProblemAsync(await fixture.Admin.PostAsync($"/admin/integrity/rules/player_stake_limit/versions/{version}/approve", null), HttpStatusCode.Conflict, "conflict");
        var approved = await Expect.JsonAsync(await second.PostAsync($"/admin/integrity/rules/player_stake_limit/versions/{version}/approve", null));
        Assert.Equal("active", approved.GetProperty("status").GetString());
        await Task.Delay(Lottopar.Grains.Integrity.IntegrityIntakeGrain.RulesFor + TimeSpan.FromMilliseconds(500)); // a change reaches the evaluators within this

        var after = await IntegrityFixture.BetAsync(client, cpf, j => j["total_stake"] = 20_000);
        var alert = await IntegrityFixture.AlertAsync(fixture.Admin, "rule=player_stake_limit", a => IntegrityFixture.HasEvidence(a, after), "the stake over the new limit is an alert");
        Assert.Equal($"player_stake_limit@{version}", alert.GetProperty("rule").GetString());
        Assert.False(IntegrityFixture.HasEvidence(alert, before)); // judged under version 1, it was under the limit

        var rule = await Expect.JsonAsync(await fixture.Admin.GetAsync("/admin/integrity/rules/player_stake_limit"));
        Assert.Equal(version, rule.GetProperty("activeVersion").GetInt32());
        var statuses = rule.GetProperty("versions").EnumerateArray().ToDictionary(v => v.GetProperty("version").GetInt32(), v => v.GetProperty("status").GetString());
        Assert.Equal("active", statuses[version]);
        Assert.Equal("superseded", statuses[1]);
        Assert.Single(statuses.Values, s => s == "active");
        await Eventually.HoldsAsync(
            async () => (await Expect.JsonAsync(await fixture.Admin.GetAsync($"/admin/audit?targetType=integrity_rule&targetId=player_stake_limit@{version}"))).EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList(),
            actions => actions.Contains("integrity_rule.proposed") && actions.Contains("integrity_rule.approved"), "both steps are audited");
    }

    [Fact]
    public async Task AProposalCanBeTurnedDownWithAReasonAndThenNeverRuns()
    {
        var second = await fixture.Silo.AdminAsync();
        var proposed = await IntegrityFixture.ProposeAsync(fixture.Admin, "vault_late_file", new { enabled = false, reason = "Desligar atrasos." });
        var version = proposed.GetProperty("version").GetInt32();

        await Expect.ProblemAsync(await second.PostAsJsonAsync($"/admin/integrity/rules/vault_late_file/versions/{version}/reject", new { reason = "" }), HttpStatusCode.UnprocessableEntity, "validation_failed");
        var rejected = await Expect.JsonAsync(await second.PostAsJsonAsync($"/admin/integrity/rules/vault_late_file/versions/{version}/reject", new { reason = "Atrasos importam." }));
        await Expect.ProblemAsync(await fixture.Admin.PostAsync($"/admin/integrity/rules/vault_late_file/versions/{version}/approve", null), HttpStatusCode.Conflict, "conflict");

        Assert.Equal("rejected", rejected.GetProperty("status").GetString());
        Assert.Equal(1, (await Expect.JsonAsync(await fixture.Admin.GetAsync("/admin/integrity/rules/vault_late_file"))).GetProperty("activeVersion").GetInt32());
    }
}
