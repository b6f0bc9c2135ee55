using System.Net;
using System.Net.Http.Json;
using Lottopar.Silo.Tests.Betting;
using Lottopar.Silo.Tests.Infrastructure;
using Lottopar.Testing;
using Xunit;

namespace Lottopar.Silo.Tests.Integrity;

/// <summary>
/// Findings weigh into the player's score at an operator: at the review threshold an analyst gets an
/// alert, at the interdiction threshold the player goes on that operator's blocked list, and a later
/// bet there is a violation of its own. On a silo of its own: the test lowers the thresholds.
/// </summary>
public sealed class PlayerScoreTests
{
    [Fact]
    public async Task APlayerWhoseScoreReachesTheThresholdIsBlockedAtThatOperatorOnlyAndALaterBetThereIsAViolation()
    {
        await using var silo = await PlatformHost.StartAsync(settings: PlatformHost.IntegrityOn());
        var admin = await silo.AdminAsync();
        var second = await silo.AdminAsync();
        var version = (await IntegrityFixture.ProposeAsync(admin, "player_score",
            new { parameters = new { review_threshold = 3, interdiction_threshold = 6 }, reason = "Limites baixos para o teste." })).GetProperty("version").GetInt32();
        await Expect.StatusAsync(await second.PostAsync($"/admin/integrity/rules/player_score/versions/{version}/approve", null), 200);
        await Task.Delay(Lottopar.Grains.Integrity.IntegrityIntakeGrain.RulesFor + TimeSpan.FromMilliseconds(500));
        var (opridA, a) = await OperatorAsync(silo, admin);
        var (opridB, b) = await OperatorAsync(silo, admin);
        var cpf = BettingFixture.NewCpf();
        var digits = cpf.Replace(".", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);

        var first = await IntegrityFixture.BetAsync(a, cpf, j => j["bonus_amount"] = 100);
        var review = await IntegrityFixture.AlertAsync(admin, "rule=player_score", x => IntegrityFixture.HasEvidence(x, first), "3 points ask for a review");
        Assert.Equal(System.Text.Json.JsonValueKind.Null, review.GetProperty("subject").GetProperty("oprid").ValueKind);
        Assert.False((await LookupAsync(a, digits)).GetProperty("blocked").GetBoolean());

        var secondBet = await IntegrityFixture.BetAsync(a, cpf, j => j["bonus_amount"] = 100);
        var interdiction = await IntegrityFixture.AlertAsync(a, "rule=player_score", x => IntegrityFixture.HasEvidence(x, secondBet), "6 points block the player at A");
        Assert.StartsWith("Jogador bloqueado", interdiction.GetProperty("summary").GetString(), StringComparison.Ordinal);
        var listed = Assert.Single(await Expect.JsonAsync(await a.GetAsync("/integrity/blocked-players")) is var list ? list.EnumerateArray().ToList() : []);
        Assert.Equal(digits, listed.GetProperty("cpf").GetString());
        Assert.True((await LookupAsync(a, cpf)).GetProperty("blocked").GetBoolean());
        Assert.False((await LookupAsync(b, cpf)).GetProperty("blocked").GetBoolean());
        Assert.Empty((await Expect.JsonAsync(await b.GetAsync("/integrity/blocked-players"))).EnumerateArray());
        await Expect.ProblemAsync(await b.GetAsync($"/integrity/blocked-players?oprid={opridA}"), HttpStatusCode.NotFound, "not_found");

        var now = silo.Clock.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        await IntegrityFixture.BetAsync(a, cpf, j => j["event_date"] = "2024-01-16T10:00:00Z"); // made before the block: no violation
        var atA = await IntegrityFixture.BetAsync(a, cpf, j => j["event_date"] = now);
        var violation = await IntegrityFixture.AlertAsync(a, "rule=blocked_player_activity", x => IntegrityFixture.HasEvidence(x, atA), "a bet after the block is a violation");
        Assert.Equal(("critical", 1L), (violation.GetProperty("severity").GetString(), violation.GetProperty("count").GetInt64()));
        await IntegrityFixture.BetAsync(b, cpf, j => j["event_date"] = now);
        var marker = await IntegrityFixture.BetAsync(b, BettingFixture.NewCpf(), j => j["bonus_amount"] = 1);
        await IntegrityFixture.AlertAsync(b, "rule=bonus_bet", x => IntegrityFixture.HasEvidence(x, marker), "the marker after the bet at B");
        Assert.Empty(await IntegrityFixture.AlertsAsync(b, "rule=blocked_player_activity"));

        // LOTTOPAR lifts the block (analysts and admins, with a reason); the operator cannot.
        var analyst = await silo.StaffAsync(["integrity-analyst"], oprid: null);
        Assert.True((await a.PostAsJsonAsync("/admin/integrity/blocked-players/lift", new { oprid = opridA, cpf, reason = "x" })).StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden);
        await Expect.ProblemAsync(await analyst.PostAsJsonAsync("/admin/integrity/blocked-players/lift", new { oprid = opridA, cpf, reason = "" }), HttpStatusCode.UnprocessableEntity, "validation_failed");
        await Expect.StatusAsync(await analyst.PostAsJsonAsync("/admin/integrity/blocked-players/lift", new { oprid = opridA, cpf, reason = "Bônus estornados; jogador orientado." }), 204);
        await Expect.ProblemAsync(await analyst.PostAsJsonAsync("/admin/integrity/blocked-players/lift", new { oprid = opridB, cpf, reason = "Não está bloqueado." }), HttpStatusCode.NotFound, "not_found");
        Assert.False((await LookupAsync(a, cpf)).GetProperty("blocked").GetBoolean());
        Assert.Empty((await Expect.JsonAsync(await a.GetAsync("/integrity/blocked-players"))).EnumerateArray());
        await Eventually.HoldsAsync(
            async () => (await Expect.JsonAsync(await admin.GetAsync("/admin/audit?action=player_block.lifted"))).EnumerateArray().Select(e => e.GetProperty("targetId").GetString()).ToList(),
            ids => ids.Contains($"{opridA}/{Lottopar.Grains.Validation.Cpf.Mask(digits)}"), "the lift is audited, the CPF masked");
    }

    private static async Task<(string Oprid, HttpClient Client)> OperatorAsync(PlatformHost silo, HttpClient admin)
    {
        var oprid = await PlatformHost.OnboardAsync(admin);
        return (oprid, silo.WithApiKey(await PlatformHost.IssueKeyAsync(admin, oprid, "homologation", "betting-events", "read")));
    }

    private static async Task<System.Text.Json.JsonElement> LookupAsync(HttpClient client, string cpf) =>
        await Expect.JsonAsync(await client.PostAsJsonAsync("/integrity/blocked-players/lookup", new { cpf }));
}
