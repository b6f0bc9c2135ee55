using System.Net;
using System.Net.Http.Json;
using Lottopar.Silo.Tests.Betting;
using Lottopar.Silo.Tests.Infrastructure;
using Lottopar.Testing;
using Xunit;

namespace Lottopar.Silo.Tests.Integrity;

/// <summary>An analyst reads a player as the grains hold it; the read is audited with the CPF masked; operators cannot.</summary>
[Collection(IntegrityCollection.Name)]
public sealed class IntegrityPlayerTests(IntegrityFixture fixture)
{
    [Fact]
    public async Task AnAnalystSeesThePlayersAccountsScoreLatestEventsAndOpenAlertsAndTheReadIsAudited()
    {
        var (oprid, client) = await fixture.OperatorAsync("betting-events", "read");
        var cpf = BettingFixture.NewCpf();
        var digits = cpf.Replace(".", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        var bet = await IntegrityFixture.BetAsync(client, cpf, j => j["bonus_amount"] = 100);
        var alert = await IntegrityFixture.AlertAsync(client, "rule=bonus_bet", a => IntegrityFixture.HasEvidence(a, bet), "the alert");
        var auditor = await fixture.Silo.StaffAsync(["auditor"], oprid: null);

        Assert.True((await client.PostAsJsonAsync("/admin/integrity/players/lookup", new { cpf })).StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden);
        await Expect.ProblemAsync(await auditor.PostAsJsonAsync("/admin/integrity/players/lookup", new { cpf = "123.456.789-00" }), HttpStatusCode.UnprocessableEntity, "validation_failed");
        var player = await Expect.JsonAsync(await auditor.PostAsJsonAsync("/admin/integrity/players/lookup", new { cpf }));

        Assert.Equal(digits, player.GetProperty("cpf").GetString());
        Assert.Equal(25_000, player.GetProperty("player").GetProperty("accounts").GetProperty(oprid).GetProperty("lastBalance").GetInt64());
        var standing = Assert.Single(player.GetProperty("watch").GetProperty("operators").EnumerateArray());
        Assert.Equal((oprid, 3L), (standing.GetProperty("oprid").GetString(), standing.GetProperty("score").GetInt64()));
        Assert.Equal(bet, Assert.Single(player.GetProperty("latestEvents").EnumerateArray()).GetProperty("eventId").GetString());
        Assert.Equal(alert.GetProperty("id").GetString(), Assert.Single(player.GetProperty("openAlerts").EnumerateArray()).GetProperty("id").GetString());
        await Eventually.HoldsAsync(
            async () => (await Expect.JsonAsync(await fixture.Admin.GetAsync("/admin/audit?action=integrity_player.inspected"))).EnumerateArray().Select(e => e.GetProperty("targetId").GetString()).ToList(),
            ids => ids.Contains(Lottopar.Grains.Validation.Cpf.Mask(digits)), "the read is audited, the CPF masked");
    }
}
