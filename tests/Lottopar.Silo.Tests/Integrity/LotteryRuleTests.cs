using Lottopar.GrainInterfaces.Lottery;
using System.Net.Http.Json;
using Lottopar.Grains.Common;
using Lottopar.Silo.Tests.Infrastructure;
using Xunit;

namespace Lottopar.Silo.Tests.Integrity;

/// <summary>The lottery rules on a provider's tickets as its turn grains publish them: alerts on the provider's operator.</summary>
[Collection(IntegrityCollection.Name)]
public sealed class LotteryRuleTests(IntegrityFixture fixture)
{
    [Fact]
    public async Task ANumberTakingMostOfADrawsSalesAndATicketSoldAfterClosingAreAlertsOnTheOperator()
    {
        var (oprid, client) = await fixture.OperatorAsync("read");
        var provider = Random.Shared.Next(100_000, 999_999);
        var today = BrasiliaTime.Today(fixture.Silo.Clock.GetUtcNow());
        var morning = BrasiliaTime.Instant(today, new TimeOnly(9, 0));

        await SellAsync(oprid, provider, today, morning, ("05", "123", 60_000)); // R$ 600: under the draw's minimum, nothing judged
        var second = await SellAsync(oprid, provider, today, morning.AddMinutes(1), ("05", "123", 50_000));
        var concentration = await IntegrityFixture.AlertAsync(client, "rule=lottery_number_concentration", a => IntegrityFixture.HasEvidence(a, second), "one number holds all of the draw's sales");
        Assert.Equal((1L, "operator"), (concentration.GetProperty("count").GetInt64(), concentration.GetProperty("subject").GetProperty("kind").GetString()));

        var lastYear = today.AddDays(-300);
        var late = await SellAsync(oprid, provider, lastYear, BrasiliaTime.Instant(lastYear, new TimeOnly(23, 59)), ("05", "777", 100));
        var afterClosing = await IntegrityFixture.AlertAsync(client, "rule=lottery_sale_after_closing", a => IntegrityFixture.HasEvidence(a, late), "the late ticket");
        Assert.Equal("critical", afterClosing.GetProperty("severity").GetString());
        Assert.Empty(await IntegrityFixture.AlertsAsync(client, "rule=lottery_terminal_volume"));
    }

    [Fact]
    public async Task ANumberSoldNearItsQuotaAcrossProvidersIsAnAlertAboutTheDrawForLottoparOnly()
    {
        var (oprid, client) = await fixture.OperatorAsync("read");
        var (otherOprid, _) = await fixture.OperatorAsync("read");
        var (first, second) = (Random.Shared.Next(100_000, 999_999), Random.Shared.Next(100_000, 999_999));
        var day = BrasiliaTime.Today(fixture.Silo.Clock.GetUtcNow()).AddDays(-Random.Shared.Next(400, 4_000)); // a turn no other test sells
        var at = BrasiliaTime.Instant(day, new TimeOnly(9, 0));

        var early = await SellAsync(oprid, first, day, at, ("05", "482", 6_000), ("05", "111", 5_000)); // of R$ 100.00 quotas
        var tipping = await SellAsync(otherOprid, second, day, at.AddMinutes(1), ("05", "482", 3_500)); // 95% across the two providers

        var key = $"05:{day:yyyy-MM-dd}";
        var alert = await IntegrityFixture.AlertAsync(fixture.Admin, "rule=lottery_number_exposure", a => a.GetProperty("subject").GetProperty("key").GetString() == key, "the number near its quota");
        var evidence = Assert.Single(alert.GetProperty("evidence").EnumerateArray());
        Assert.Equal("05:Triple:482", evidence.GetProperty("id").GetString());
        Assert.Contains("R$ 95,00 vendidos, 95% da cota de R$ 100,00", evidence.GetProperty("detail").GetString(), StringComparison.Ordinal);
        // The ticket judged over the share: the second, or the first when the exposure grain's activation already read both from the ticket store.
        Assert.Contains(evidence.GetProperty("detail").GetString()!.Split("bilhete ")[1][..26], new[] { early, tipping });
        Assert.Equal(("draw", System.Text.Json.JsonValueKind.Null), (alert.GetProperty("subject").GetProperty("kind").GetString(), alert.GetProperty("subject").GetProperty("oprid").ValueKind));
        Assert.Empty(await IntegrityFixture.AlertsAsync(client, "rule=lottery_number_exposure"));
    }

    [Fact]
    public async Task ATerminalWhoseFindingsPassTheInterdictionThresholdIsDeactivatedAndItsOperatorIsTold()
    {
        var (oprid, client) = await fixture.OperatorAsync("read");
        var code = Random.Shared.Next(100, 1_000);
        await Expect.StatusAsync(await fixture.Admin.PutAsJsonAsync($"/admin/operators/{oprid}/lottery-provider",
            new { providerCode = code.ToString(System.Globalization.CultureInfo.InvariantCulture), allowedIps = new[] { "127.0.0.1" }, enabled = true }), 200);
        await Expect.StatusAsync(await fixture.Admin.PostAsJsonAsync($"/admin/operators/{oprid}/pos", new { posCode = "28", printerSerial = "TERM000028" }), 200);
        var day = BrasiliaTime.Today(fixture.Silo.Clock.GetUtcNow()).AddDays(-Random.Shared.Next(400, 4_000));
        var at = BrasiliaTime.Instant(day, new TimeOnly(9, 0));

        // 500 tickets a day is the terminal's usual most; each one over it is a medium finding (3 points): review at 30, interdiction at 100.
        for (var i = 0; i < 534; i++)
        {
            await SellAsync(oprid, code, day, at.AddSeconds(i), ("05", (i % 1_000).ToString("D3", System.Globalization.CultureInfo.InvariantCulture), 100));
        }

        var terminal = $"{code}-28";
        var score = await IntegrityFixture.AlertAsync(client, "rule=terminal_score", a => a.GetProperty("summary").GetString()!.Contains("desativado", StringComparison.Ordinal), "the terminal deactivated");
        Assert.Equal(("terminal", terminal), (score.GetProperty("subject").GetProperty("kind").GetString(), score.GetProperty("subject").GetProperty("key").GetString()));
        Assert.True(score.GetProperty("count").GetInt64() > 1); // the reviews before
        var view = await Expect.JsonAsync(await fixture.Admin.GetAsync($"/admin/operators/{oprid}"));
        var pos = view.GetProperty("lotteryProvider").GetProperty("posTerminals").EnumerateArray().Single(p => p.GetProperty("posCode").GetString() == "28");
        Assert.False(pos.GetProperty("active").GetBoolean());
        Assert.Equal(1, await fixture.Silo.Database.ScalarAsync<long>($"select count(*) from audit_log where action = 'lottery_provider.pos_updated' and actor_kind = 'system' and actor_id = 'terminal_score' and target_id = '{oprid}'"));
    }

    private async Task<string> SellAsync(string oprid, int provider, DateOnly day, DateTimeOffset at, params (string Draw, string Number, long Cents)[] lines)
    {
        var ticket = $"T{Guid.NewGuid():N}"[..26];
        await IntegrityFixture.PublishAsync(fixture.Silo, LotteryStreams.Namespace, provider.ToString(System.Globalization.CultureInfo.InvariantCulture), LotteryStreams.TicketSoldEvent,
            new TicketSold(ticket, oprid, provider, 28, Guid.NewGuid().ToString("N")[..8], "01", 3, day, at, lines.Sum(l => l.Cents),
                [.. lines.Select(l => new TicketLine(l.Draw, NumberType.Triple, l.Number, l.Cents, l.Cents))]));
        return ticket;
    }
}
