using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lottopar.Grains.Payments;
using Lottopar.Grains.Validation;
using Lottopar.Silo.Tests.Betting;
using Lottopar.Silo.Tests.Infrastructure;
using Lottopar.Testing;
using Xunit;

namespace Lottopar.Silo.Tests.Integrity;

/// <summary>
/// From an event committed on a platform stream to an alert: raised by the integrity grains, listed
/// for its operator only, answered by the operator, closed by LOTTOPAR, never counted twice.
/// </summary>
[Collection(IntegrityCollection.Name)]
public sealed class IntegrityAlertTests(IntegrityFixture fixture)
{
    [Fact]
    public async Task ABonusBetRaisesAnAlertThatOnlyItsOperatorSeesAndAnswers()
    {
        var (oprid, client) = await fixture.OperatorAsync("betting-events", "read", "integrity");
        var (_, other) = await fixture.OperatorAsync("read", "integrity");
        var (_, readOnly) = (oprid, fixture.Silo.WithApiKey(await PlatformHost.IssueKeyAsync(fixture.Admin, oprid, "homologation", "read")));
        var cpf = BettingFixture.NewCpf();

        var eventId = await IntegrityFixture.BetAsync(client, cpf, j => j["bonus_amount"] = 1_000);

        var alert = await IntegrityFixture.AlertAsync(client, "rule=bonus_bet", a => IntegrityFixture.HasEvidence(a, eventId), "the bonus bet is an alert");
        var id = alert.GetProperty("id").GetString();
        Assert.Equal(("bonus_bet@1", "medium", "open", 1L), (alert.GetProperty("rule").GetString(), alert.GetProperty("severity").GetString(), alert.GetProperty("status").GetString(), alert.GetProperty("count").GetInt64()));
        Assert.Equal(("player", oprid), (alert.GetProperty("subject").GetProperty("kind").GetString(), alert.GetProperty("subject").GetProperty("oprid").GetString()));
        Assert.Equal(Lottopar.Grains.Validation.Cpf.Mask(Digits(cpf)), alert.GetProperty("cpf").GetString());
        Assert.Equal(Digits(cpf), (await Expect.JsonAsync(await client.GetAsync($"/integrity/alerts/{id}"))).GetProperty("cpf").GetString());

        // Another operator: not in its list, and the id is unknown to it, for reading and for answering.
        Assert.DoesNotContain(await IntegrityFixture.AlertsAsync(other, ""), a => a.GetProperty("id").GetString() == id);
        await Expect.ProblemAsync(await other.GetAsync($"/integrity/alerts/{id}"), HttpStatusCode.NotFound, "not_found");
        await Expect.ProblemAsync(await other.PostAsJsonAsync($"/integrity/alerts/{id}/acknowledge", new { action = "nada" }), HttpStatusCode.NotFound, "not_found");
        await Expect.ProblemAsync(await other.GetAsync($"/integrity/alerts?oprid={oprid}"), HttpStatusCode.NotFound, "not_found");

        // Answering needs the integrity scope and an action.
        await Expect.ProblemAsync(await readOnly.PostAsJsonAsync($"/integrity/alerts/{id}/acknowledge", new { action = "x" }), HttpStatusCode.Forbidden, "scope_missing");
        var blank = await Expect.ProblemAsync(await client.PostAsJsonAsync($"/integrity/alerts/{id}/acknowledge", new { action = " " }), HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.True(blank.GetProperty("errors").TryGetProperty("action", out _));
        var answered = await Expect.JsonAsync(await client.PostAsJsonAsync($"/integrity/alerts/{id}/acknowledge", new { action = "Bônus desativado para o jogador." }));
        Assert.Equal(("acknowledged", "Bônus desativado para o jogador."), (answered.GetProperty("status").GetString(), answered.GetProperty("acknowledgement").GetProperty("text").GetString()));

        await Eventually.HoldsAsync(
            async () => (await Expect.JsonAsync(await fixture.Admin.GetAsync($"/admin/audit?targetType=integrity_alert&targetId={id}"))).EnumerateArray().ToList(),
            audit => audit.Any(e => e.GetProperty("action").GetString() == "integrity_alert.acknowledged"), "the answer is audited");
    }

    [Fact]
    public async Task AReplayedEventIsNotCountedTwiceAndAClosedAlertIsFollowedByANewOne()
    {
        var (_, client) = await fixture.OperatorAsync("betting-events", "read", "integrity");
        var cpf = BettingFixture.NewCpf();
        var key = Guid.NewGuid().ToString();
        var slip = $"slip_{Guid.NewGuid():N}";
        var first = await IntegrityFixture.BetAsync(client, cpf, j => { j["is_free_bet"] = true; j["bet_slip_id"] = slip; }, key);
        Assert.Equal(first, await IntegrityFixture.BetAsync(client, cpf, j => { j["is_free_bet"] = true; j["bet_slip_id"] = slip; }, key)); // the replay

        var second = await IntegrityFixture.BetAsync(client, cpf, j => j["bonus_amount"] = 500);
        var counted = await IntegrityFixture.AlertAsync(client, "rule=bonus_bet", a => IntegrityFixture.HasEvidence(a, second), "the second bonus bet is counted");
        Assert.Equal(2, counted.GetProperty("count").GetInt64());
        Assert.True(IntegrityFixture.HasEvidence(counted, first));
        var id = counted.GetProperty("id").GetString();

        var analyst = await fixture.Silo.StaffAsync(["integrity-analyst"], oprid: null);
        Assert.True((await client.PostAsJsonAsync($"/admin/integrity/alerts/{id}/close", new { resolution = "x" })).StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden);
        var closed = await Expect.JsonAsync(await analyst.PostAsJsonAsync($"/admin/integrity/alerts/{id}/close", new { resolution = "Operador advertido." }));
        Assert.Equal("closed", closed.GetProperty("status").GetString());
        await Expect.ProblemAsync(await client.PostAsJsonAsync($"/integrity/alerts/{id}/acknowledge", new { action = "tarde" }), HttpStatusCode.Conflict, "conflict");

        var third = await IntegrityFixture.BetAsync(client, cpf, j => j["bonus_amount"] = 700);
        var reopened = await IntegrityFixture.AlertAsync(client, "rule=bonus_bet&status=open", a => IntegrityFixture.HasEvidence(a, third), "a finding after the closure opens a new alert");
        Assert.NotEqual(id, reopened.GetProperty("id").GetString());
        Assert.Equal(1, reopened.GetProperty("count").GetInt64());
        Assert.Equal("closed", (await Expect.JsonAsync(await client.GetAsync($"/integrity/alerts/{id}"))).GetProperty("status").GetString());
    }

    [Fact]
    public async Task AVaultSecurityViolationIsACriticalAlertOnTheOperator()
    {
        var (oprid, client) = await fixture.OperatorAsync("read");
        var fileId = Guid.NewGuid();

        await fixture.PublishVaultAsync(oprid, "security_violation", "Assinatura inválida", fileId);
        await fixture.PublishVaultAsync(oprid, "file_accepted", "Aceito", Guid.NewGuid());

        var alert = await IntegrityFixture.AlertAsync(client, "", a => IntegrityFixture.HasEvidence(a, fileId.ToString()), "the violation is an alert");
        Assert.Equal(("vault_security_violation@1", "critical", "operator", oprid),
            (alert.GetProperty("rule").GetString(), alert.GetProperty("severity").GetString(), alert.GetProperty("subject").GetProperty("kind").GetString(), alert.GetProperty("subject").GetProperty("key").GetString()));
        Assert.Single(await IntegrityFixture.AlertsAsync(client, "")); // an accepted file is no finding
    }

    [Fact]
    public async Task DepositsSpreadOverOperatorsAreAnAlertOnlyLottoparSees()
    {
        var operators = new List<(string Oprid, HttpClient Client)>();
        for (var i = 0; i < 4; i++)
        {
            operators.Add(await fixture.OperatorAsync("read"));
        }

        var cpf = Digits(BettingFixture.NewCpf());
        foreach (var (oprid, _) in operators)
        {
            await fixture.PublishPaymentAsync(oprid, cpf, 1_000);
        }

        var alert = await IntegrityFixture.AlertAsync(fixture.Admin, "rule=deposits_across_operators", a => a.GetProperty("cpf").GetString() == Lottopar.Grains.Validation.Cpf.Mask(cpf), "the fourth operator is one too many");
        Assert.Equal(JsonValueKindNull, alert.GetProperty("subject").GetProperty("oprid").ValueKind);
        foreach (var (_, client) in operators)
        {
            Assert.Empty(await IntegrityFixture.AlertsAsync(client, "rule=deposits_across_operators"));
            await Expect.ProblemAsync(await client.GetAsync($"/integrity/alerts/{alert.GetProperty("id").GetString()}"), HttpStatusCode.NotFound, "not_found");
        }
    }

    [Fact]
    public async Task DepositsPaidByAnotherCpfTwiceAreAnAlertOnTheirOperatorOnceNotBefore()
    {
        var (oprid, client) = await fixture.OperatorAsync("read");
        var cpf = Digits(BettingFixture.NewCpf());

        await fixture.PublishPaymentAsync(oprid, cpf, 2_000, outcome: "refunded");
        // A marker on the same stream, after the refund: once it is an alert, the refund has been judged.
        var marker = Digits(BettingFixture.NewCpf());
        await fixture.PublishPaymentAsync(oprid, marker, 6_000_000);
        await IntegrityFixture.AlertAsync(fixture.Admin, "rule=deposits_across_operators", a => a.GetProperty("cpf").GetString() == Lottopar.Grains.Validation.Cpf.Mask(marker), "the marker");
        Assert.Empty(await IntegrityFixture.AlertsAsync(client, "rule=deposit_paid_by_another"));

        await fixture.PublishPaymentAsync(oprid, cpf, 3_000, outcome: "refunded");
        var alert = await IntegrityFixture.AlertAsync(client, "rule=deposit_paid_by_another", _ => true, "the second refund is an alert");
        Assert.Equal(("high", oprid), (alert.GetProperty("severity").GetString(), alert.GetProperty("subject").GetProperty("oprid").GetString()));
    }

    [Fact]
    public async Task APixKeyAskedForBySeveralCpfsIsAnAlertAboutTheKeyForLottoparOnly()
    {
        var (first, firstClient) = await fixture.OperatorAsync("read");
        var (second, secondClient) = await fixture.OperatorAsync("read");
        var (holder, mule) = (Digits(BettingFixture.NewCpf()), Digits(BettingFixture.NewCpf()));
        var shared = $"conta{Guid.NewGuid():N}@example.com";
        var own = $"propria{Guid.NewGuid():N}@example.com";

        await fixture.PublishPayoutKeyAsync(first, holder, shared, holderIsPlayer: true);
        await fixture.PublishPayoutKeyAsync(second, holder, shared, holderIsPlayer: true); // the same player at another operator: still one CPF
        await fixture.PublishPayoutKeyAsync(second, mule, own, holderIsPlayer: true);
        await fixture.PublishPayoutKeyAsync(second, mule, shared, holderIsPlayer: false);

        var alert = await IntegrityFixture.AlertAsync(fixture.Admin, "rule=pix_key_shared", a => a.GetProperty("summary").GetString()!.Contains(PixKeys.Mask(shared), StringComparison.Ordinal), "the shared key");
        Assert.Equal(("pix_key", JsonValueKind.Null, "high"),
            (alert.GetProperty("subject").GetProperty("kind").GetString(), alert.GetProperty("subject").GetProperty("oprid").ValueKind, alert.GetProperty("severity").GetString()));
        var evidence = alert.GetProperty("evidence").EnumerateArray().Select(e => e.GetProperty("detail").GetString()!).ToList();
        Assert.Equal(3, evidence.Count);
        Assert.Single(evidence, d => d.Contains(Cpf.Mask(mule), StringComparison.Ordinal) && d.Contains("recusada", StringComparison.Ordinal));
        Assert.DoesNotContain(shared, alert.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain(mule, alert.GetRawText(), StringComparison.Ordinal);
        Assert.Single(await IntegrityFixture.AlertsAsync(fixture.Admin, "rule=pix_key_shared"), a => a.GetProperty("summary").GetString()!.Contains(PixKeys.Mask(shared), StringComparison.Ordinal));
        Assert.Empty(await IntegrityFixture.AlertsAsync(firstClient, "rule=pix_key_shared"));
        Assert.Empty(await IntegrityFixture.AlertsAsync(secondClient, "rule=pix_key_shared"));
        Assert.DoesNotContain(await IntegrityFixture.AlertsAsync(fixture.Admin, "rule=pix_key_shared"), a => a.GetProperty("summary").GetString()!.Contains(PixKeys.Mask(own), StringComparison.Ordinal));
    }

    [Fact]
    public async Task APlayerAskingForMoreThanThreePixKeysIsAnAlertAcrossOperatorsAndThreeAreNot()
    {
        var (oprid, client) = await fixture.OperatorAsync("read");
        var (_, otherClient) = await fixture.OperatorAsync("read");
        var (careful, spreading) = (Digits(BettingFixture.NewCpf()), Digits(BettingFixture.NewCpf()));
        foreach (var i in Enumerable.Range(0, 3))
        {
            await fixture.PublishPayoutKeyAsync(oprid, careful, $"k{i}{Guid.NewGuid():N}@example.com", holderIsPlayer: true);
        }

        foreach (var i in Enumerable.Range(0, 4))
        {
            await fixture.PublishPayoutKeyAsync(oprid, spreading, $"k{i}{Guid.NewGuid():N}@example.com", holderIsPlayer: true);
        }

        var alert = await IntegrityFixture.AlertAsync(fixture.Admin, "rule=player_many_pix_keys", a => a.GetProperty("cpf").GetString() == Cpf.Mask(spreading), "four keys");
        Assert.Equal(4, alert.GetProperty("evidence").GetArrayLength());
        Assert.Equal(("player", JsonValueKind.Null), (alert.GetProperty("subject").GetProperty("kind").GetString(), alert.GetProperty("subject").GetProperty("oprid").ValueKind));
        Assert.DoesNotContain(await IntegrityFixture.AlertsAsync(fixture.Admin, "rule=player_many_pix_keys"), a => a.GetProperty("cpf").GetString() == Cpf.Mask(careful));
        Assert.Empty(await IntegrityFixture.AlertsAsync(client, "rule=player_many_pix_keys")); // across operators: LOTTOPAR's
        Assert.Empty(await IntegrityFixture.AlertsAsync(otherClient, "rule=player_many_pix_keys"));
    }

    [Fact]
    public async Task ASnoozedRuleRaisesNothingForItsSubjectUntilItsEndAndOtherSubjectsStillRaise()
    {
        var (_, client) = await fixture.OperatorAsync("betting-events", "read");
        var cpf = BettingFixture.NewCpf();
        var first = await IntegrityFixture.BetAsync(client, cpf, j => j["bonus_amount"] = 10);
        var alert = await IntegrityFixture.AlertAsync(client, "rule=bonus_bet", a => IntegrityFixture.HasEvidence(a, first), "the first bonus bet");
        var id = alert.GetProperty("id").GetString();
        var analyst = await fixture.Silo.StaffAsync(["integrity-analyst"], oprid: null);
        var auditor = await fixture.Silo.StaffAsync(["auditor"], oprid: null);
        var until = fixture.Silo.Clock.GetUtcNow().AddMinutes(30);

        await Expect.ProblemAsync(await auditor.PostAsJsonAsync($"/admin/integrity/alerts/{id}/snooze", new { until, reason = "x" }), HttpStatusCode.Forbidden, "forbidden");
        await Expect.ProblemAsync(await analyst.PostAsJsonAsync($"/admin/integrity/alerts/{id}/snooze", new { until = fixture.Silo.Clock.GetUtcNow().AddDays(-1), reason = "x" }), HttpStatusCode.UnprocessableEntity, "validation_failed");
        var snoozed = await Expect.JsonAsync(await analyst.PostAsJsonAsync($"/admin/integrity/alerts/{id}/snooze", new { until, reason = "Promoção autorizada em análise." }));
        Assert.Equal("Promoção autorizada em análise.", snoozed.GetProperty("snooze").GetProperty("note").GetProperty("text").GetString());

        var second = await IntegrityFixture.BetAsync(client, cpf, j => j["bonus_amount"] = 10);
        var otherPlayer = await IntegrityFixture.BetAsync(client, BettingFixture.NewCpf(), j => j["bonus_amount"] = 10);
        await IntegrityFixture.AlertAsync(client, "rule=bonus_bet", a => IntegrityFixture.HasEvidence(a, otherPlayer), "another player's bonus still raises");
        var quiet = await Expect.JsonAsync(await client.GetAsync($"/integrity/alerts/{id}"));
        Assert.Equal(1L, quiet.GetProperty("count").GetInt64());
        Assert.False(IntegrityFixture.HasEvidence(quiet, second));

        fixture.Silo.Clock.Advance(TimeSpan.FromHours(1)); // past the snooze, well within the fixture's sessions (8 hours)
        var third = await IntegrityFixture.BetAsync(client, cpf, j => j["bonus_amount"] = 10);
        var counted = await IntegrityFixture.AlertAsync(client, "rule=bonus_bet", a => IntegrityFixture.HasEvidence(a, third), "after the snooze's end the rule raises again");
        Assert.Equal((id, 2L), (counted.GetProperty("id").GetString(), counted.GetProperty("count").GetInt64()));
    }

    private const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;

    private static string Digits(string cpf) => cpf.Replace(".", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
}
