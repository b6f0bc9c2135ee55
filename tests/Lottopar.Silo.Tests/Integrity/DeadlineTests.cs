using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lottopar.GrainInterfaces.Lottery;
using Lottopar.Grains.Common;
using Lottopar.Silo.Tests.Betting;
using Lottopar.Silo.Tests.Infrastructure;
using Lottopar.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Lottopar.Silo.Tests.Integrity;

/// <summary>A silo of the deadline tests' own: they move its clock by days (each test signs in its staff afresh).</summary>
public sealed class DeadlineFixture : PlatformFixture
{
    protected override IDictionary<string, string?> Settings => PlatformHost.IntegrityOn();
}

/// <summary>
/// Rule 9's deadlines, checked as the reminder checks them (POST /admin/integrity/deadlines/check):
/// a result not sent after the event ended, a lottery prize unclaimed for 90 days, a match-fixing
/// suspicion not reported within 5 working days.
/// </summary>
public sealed class DeadlineTests(DeadlineFixture fixture) : IClassFixture<DeadlineFixture>
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    [Fact]
    public async Task ABetWithoutResultADayAfterItsEventEndedIsOverdueOnItsOperatorAndOneWithAResultOrStillYoungIsNot()
    {
        var admin = await fixture.Silo.AdminAsync();
        var (oprid, client) = await OperatorAsync(admin);
        var cpf = BettingFixture.NewCpf();
        var now = fixture.Silo.Clock.GetUtcNow();
        await PostAsync(client, "single-new-bet", cpf, "slip_overdue", now - (30 * Hour), now - (33 * Hour));
        await PostAsync(client, "single-new-bet", cpf, "slip_settled", now - (30 * Hour), now - (33 * Hour));
        await PostAsync(client, "multiple-result", cpf, "slip_settled", now - (29 * Hour), now - (33 * Hour));
        await PostAsync(client, "single-new-bet", cpf, "slip_young", now - (2 * Hour), now - (4 * Hour));

        var check = await CheckAsync(admin);

        Assert.True(check["result_not_sent"].Overdue >= 1);
        var alert = await IntegrityFixture.AlertAsync(client, "rule=result_not_sent", a => IntegrityFixture.HasEvidence(a, "slip_overdue"), "the overdue result");
        var ids = alert.GetProperty("evidence").EnumerateArray().Select(e => e.GetProperty("id").GetString()).ToList();
        Assert.Equal(["slip_overdue"], ids);
        Assert.Equal(("operator", oprid), (alert.GetProperty("subject").GetProperty("kind").GetString(), alert.GetProperty("subject").GetProperty("key").GetString()));
        await CheckAsync(admin);
        Assert.Equal(1, (await IntegrityFixture.AlertsAsync(client, "rule=result_not_sent")).Single().GetProperty("count").GetInt64());
    }

    [Fact]
    public async Task AWinningTicketUnpaidNinetyDaysAfterItsResultIsOverdueAndAPaidOrLosingOneIsNot()
    {
        var staff = await fixture.Silo.AdminAsync();
        var confirmer = await fixture.Silo.AdminAsync();
        var (oprid, client) = await OperatorAsync(staff);
        var provider = Random.Shared.Next(100_000, 999_999);
        var yesterday = BrasiliaTime.Today(fixture.Silo.Clock.GetUtcNow()).AddDays(-1);
        var winner = await SellAsync(oprid, provider, yesterday, "482", 1_000);
        var paid = await SellAsync(oprid, provider, yesterday, "482", 2_000);
        await SellAsync(oprid, provider, yesterday, "111", 3_000);
        await IntegrityFixture.PublishAsync(fixture.Silo, LotteryStreams.Namespace, Code(provider), LotteryStreams.TicketPaidEvent,
            new TicketPaid(paid, provider, fixture.Silo.Clock.GetUtcNow(), 2_000 * 600));
        var day = yesterday.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await Expect.StatusAsync(await staff.PostAsJsonAsync($"/admin/lottery/draws/05/{day}/result", new { triple = "482" }), 200);
        await Expect.StatusAsync(await confirmer.PostAsJsonAsync($"/admin/lottery/draws/05/{day}/result/confirm", new { triple = "482" }), 200);
        await Eventually.HoldsAsync(() => StatusOfAsync(paid), status => status == "paid", "the paid ticket archived");

        fixture.Silo.Clock.Advance(TimeSpan.FromDays(89));
        var admin = await fixture.Silo.AdminAsync();
        Assert.Equal(0, (await CheckAsync(admin))["lottery_prize_unclaimed"].Overdue);
        fixture.Silo.Clock.Advance(TimeSpan.FromDays(1) + Hour);
        admin = await fixture.Silo.AdminAsync();
        Assert.Equal(1, (await CheckAsync(admin))["lottery_prize_unclaimed"].Overdue);

        var alert = await IntegrityFixture.AlertAsync(await KeyAsync(admin, oprid), "rule=lottery_prize_unclaimed", _ => true, "the unclaimed prize");
        var evidence = Assert.Single(alert.GetProperty("evidence").EnumerateArray());
        Assert.Equal(winner, evidence.GetProperty("id").GetString());
        Assert.Contains("prêmio de R$ 6.000,00", evidence.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMatchFixingCaseNotReportedWithinFiveWorkingDaysIsOverdueForLottoparAndAReportedOneIsNot()
    {
        var admin = await fixture.Silo.AdminAsync();
        var (oprid, client) = await OperatorAsync(admin);
        var unreported = await CaseAsync(admin, client, "Apostas concentradas antes do pênalti");
        var reported = await CaseAsync(admin, client, "Mesmo padrão em outra partida");
        var unknown = await Expect.ProblemAsync(await admin.PostAsJsonAsync($"/admin/integrity/cases/{unreported}/classify", new { category = "rigged" }), HttpStatusCode.BadRequest, "malformed_json");
        Assert.True(unknown.GetProperty("errors").TryGetProperty("category", out _));
        foreach (var id in new[] { unreported, reported })
        {
            var classified = await Expect.JsonAsync(await admin.PostAsJsonAsync($"/admin/integrity/cases/{id}/classify", new { category = "match_fixing" }));
            Assert.Equal("match_fixing", classified.GetProperty("category").GetString());
        }

        var missingProtocol = await Expect.ProblemAsync(await admin.PostAsJsonAsync($"/admin/integrity/cases/{reported}/report", new { authority = "spa" }), HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.True(missingProtocol.GetProperty("errors").TryGetProperty("protocol", out _));
        var report = await Expect.JsonAsync(await admin.PostAsJsonAsync($"/admin/integrity/cases/{reported}/report", new { authority = "spa", protocol = "SPA-2026-000123" }));
        Assert.Equal(("spa", "SPA-2026-000123"), (report.GetProperty("reports")[0].GetProperty("authority").GetString(), report.GetProperty("reports")[0].GetProperty("protocol").GetString()));
        await Eventually.HoldsAsync(async () => (await Expect.JsonAsync(await admin.GetAsync($"/admin/integrity/cases/{reported}"))).GetProperty("reports").GetArrayLength(), n => n == 1, "the report");

        // Five working days run out at the latest after twelve calendar days (two weekends and a holiday or two).
        fixture.Silo.Clock.Advance(TimeSpan.FromDays(12));
        admin = await fixture.Silo.AdminAsync();
        Assert.True((await CheckAsync(admin))["suspicion_not_reported"].Overdue >= 1);

        var alerts = await IntegrityFixture.AlertsAsync(admin, "rule=suspicion_not_reported&limit=200");
        var alert = Assert.Single(alerts, a => a.GetProperty("subject").GetProperty("key").GetString() == unreported);
        Assert.Equal(("case", JsonValueKind.Null), (alert.GetProperty("subject").GetProperty("kind").GetString(), alert.GetProperty("subject").GetProperty("oprid").ValueKind));
        Assert.DoesNotContain(alerts, a => a.GetProperty("subject").GetProperty("key").GetString() == reported);
        Assert.Empty(await IntegrityFixture.AlertsAsync(await KeyAsync(admin, oprid), "rule=suspicion_not_reported"));
        Assert.True((await client.PostAsync("/admin/integrity/deadlines/check", null)).StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden);
    }

    /// <summary>Runs the deadline check as LOTTOPAR staff may: per rule, the obligations open and overdue.</summary>
    internal static async Task<Dictionary<string, (int Open, int Overdue)>> CheckAsync(HttpClient admin)
    {
        var check = await Expect.JsonAsync(await admin.PostAsync("/admin/integrity/deadlines/check", null));
        return check.GetProperty("rules").EnumerateArray().ToDictionary(
            r => r.GetProperty("ruleId").GetString()!, r => (r.GetProperty("open").GetInt32(), r.GetProperty("overdue").GetInt32()));
    }

    private async Task<(string Oprid, HttpClient Client)> OperatorAsync(HttpClient admin)
    {
        var oprid = await PlatformHost.OnboardAsync(admin);
        return (oprid, await KeyAsync(admin, oprid));
    }

    private async Task<HttpClient> KeyAsync(HttpClient admin, string oprid) =>
        fixture.Silo.WithApiKey(await PlatformHost.IssueKeyAsync(admin, oprid, "homologation", ["betting-events", "read"]));

    /// <summary>A case on a bonus alert of the operator.</summary>
    private static async Task<string> CaseAsync(HttpClient admin, HttpClient client, string title)
    {
        var bet = await IntegrityFixture.BetAsync(client, BettingFixture.NewCpf(), j => j["bonus_amount"] = 50);
        var alert = (await IntegrityFixture.AlertAsync(client, "rule=bonus_bet", a => IntegrityFixture.HasEvidence(a, bet), "the bonus alert")).GetProperty("id").GetString();
        return (await Expect.JsonAsync(await admin.PostAsJsonAsync("/admin/integrity/cases", new { title, alertIds = new[] { alert } }), 201)).GetProperty("id").GetString()!;
    }

    private static async Task PostAsync(HttpClient client, string example, string cpf, string slip, DateTimeOffset at, DateTimeOffset eventStart)
    {
        var json = BettingFixture.Example(example, j =>
        {
            (j["tax_id"], j["bet_slip_id"], j["event_date"], j["bonus_amount"]) = (cpf, slip, at.ToString("O"), 0);
            foreach (var leg in j["bet_legs"]!.AsArray().OfType<JsonObject>())
            {
                (leg["event_start_time"], leg["event_end_time"]) = (eventStart.ToString("O"), (eventStart + (2 * Hour)).ToString("O"));
            }
        });
        await BettingFixture.AcceptedAsync(await BettingFixture.PostAsync(client, json));
    }

    private async Task<string> SellAsync(string oprid, int provider, DateOnly day, string number, long cents)
    {
        var ticket = $"T{Guid.NewGuid():N}"[..26];
        await IntegrityFixture.PublishAsync(fixture.Silo, LotteryStreams.Namespace, Code(provider), LotteryStreams.TicketSoldEvent,
            new TicketSold(ticket, oprid, provider, 28, Guid.NewGuid().ToString("N")[..8], "01", 3, day, BrasiliaTime.Instant(day, new TimeOnly(9, 0)), cents,
                [new TicketLine("05", NumberType.Triple, number, cents, cents)]));
        return ticket;
    }

    private async Task<string?> StatusOfAsync(string ticket)
    {
        await using var command = fixture.Silo.Services.GetRequiredService<Npgsql.NpgsqlDataSource>().CreateCommand("select status from lottery_tickets where ticket_number = $1");
        command.Parameters.AddWithValue(ticket);
        return (string?)await command.ExecuteScalarAsync();
    }

    private static string Code(int provider) => provider.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
