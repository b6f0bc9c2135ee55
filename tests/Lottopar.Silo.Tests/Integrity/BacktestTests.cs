using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lottopar.Silo.Tests.Betting;
using Lottopar.Silo.Tests.Infrastructure;
using Xunit;

namespace Lottopar.Silo.Tests.Integrity;

/// <summary>A rule run with new parameters over stored history: what it would have raised, and nothing raised.</summary>
[Collection(IntegrityCollection.Name)]
public sealed class BacktestTests(IntegrityFixture fixture)
{
    [Fact]
    public async Task ABacktestWithALowerLimitFindsWhatTheLiveRuleDidNotAndRaisesNothing()
    {
        var (oprid, client) = await fixture.OperatorAsync("betting-events", "read");
        var cpf = BettingFixture.NewCpf();
        var masked = Lottopar.Grains.Validation.Cpf.Mask(cpf.Replace(".", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal));
        var bets = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            bets.Add(await IntegrityFixture.BetAsync(client, cpf, j => j["total_stake"] = 3_000));
        }

        await fixture.PublishVaultAsync(oprid, "late_file", "Arquivo das 10h chegou às 11h05");
        var now = fixture.Silo.Clock.GetUtcNow();
        var window = new { from = now.AddHours(-1), to = now.AddHours(1) };

        var result = await BacktestAsync("player_stake_limit", new { window.from, window.to, parameters = new { daily_limit = 5_000 } });
        var alert = Assert.Single(result.GetProperty("alertList").EnumerateArray(), a => a.GetProperty("subject").GetString() == masked);
        Assert.Equal((2L, "player"), (alert.GetProperty("findings").GetInt64(), alert.GetProperty("kind").GetString()));
        Assert.Equal([bets[1], bets[2]], alert.GetProperty("evidence").EnumerateArray().Select(e => e.GetProperty("id").GetString()));
        Assert.Equal(5_000, result.GetProperty("parameters").GetProperty("daily_limit").GetInt64());
        Assert.True(result.GetProperty("eventsRead").GetInt64() >= 4);

        var vault = await BacktestAsync("vault_late_file", window);
        Assert.Contains(vault.GetProperty("alertList").EnumerateArray(), a => a.GetProperty("subject").GetString() == oprid && a.GetProperty("findings").GetInt64() == 1);
        var before = await BacktestAsync("player_stake_limit", new { from = now.AddHours(-3), to = now.AddHours(-2), parameters = new { daily_limit = 5_000 } });
        Assert.DoesNotContain(before.GetProperty("alertList").EnumerateArray(), a => a.GetProperty("subject").GetString() == masked);

        // Nothing was raised: the live rule (its shipped limit) saw no finding about this player.
        Assert.DoesNotContain(await IntegrityFixture.AlertsAsync(fixture.Admin, "rule=player_stake_limit&limit=200"), a => a.GetProperty("cpf").GetString() == masked);
    }

    [Fact]
    public async Task ABacktestNamesWhatIsWrongAndIsForAnalystsAndAdmins()
    {
        var (_, client) = await fixture.OperatorAsync("read");
        var auditor = await fixture.Silo.StaffAsync(["auditor"], oprid: null);
        var now = fixture.Silo.Clock.GetUtcNow();

        Assert.True((await client.PostAsJsonAsync("/admin/integrity/rules/bonus_bet/backtest", new { from = now, to = now.AddHours(1) })).StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden);
        await Expect.ProblemAsync(await auditor.PostAsJsonAsync("/admin/integrity/rules/bonus_bet/backtest", new { from = now, to = now.AddHours(1) }), HttpStatusCode.Forbidden, "forbidden");
        await Expect.ProblemAsync(await fixture.Admin.PostAsJsonAsync("/admin/integrity/rules/no_rule/backtest", new { from = now, to = now.AddHours(1) }), HttpStatusCode.NotFound, "not_found");
        foreach (var (rule, body, field) in new (string, object, string)[]
        {
            ("bonus_bet", new { to = now }, "from"),
            ("bonus_bet", new { from = now, to = now.AddDays(32) }, "to"),
            ("bonus_bet", new { from = now, to = now.AddHours(-1) }, "to"),
            ("bonus_bet", new { from = now, to = now.AddHours(1), parameters = new { nope = 1 } }, "parameters.nope"),
            ("player_score", new { from = now, to = now.AddHours(1) }, "rule"),
        })
        {
            var problem = await Expect.ProblemAsync(await fixture.Admin.PostAsJsonAsync($"/admin/integrity/rules/{rule}/backtest", body), HttpStatusCode.UnprocessableEntity, "validation_failed");
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{rule} {field}: {problem}");
        }
    }

    private async Task<JsonElement> BacktestAsync(string rule, object body) =>
        await Expect.JsonAsync(await fixture.Admin.PostAsJsonAsync($"/admin/integrity/rules/{rule}/backtest", body));
}
