using Lottopar.GrainInterfaces.Lottery;
using Lottopar.Grains.Common;
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

    private async Task<string> SellAsync(string oprid, int provider, DateOnly day, DateTimeOffset at, params (string Draw, string Number, long Cents)[] lines)
    {
        var ticket = $"T{Guid.NewGuid():N}"[..26];
        await IntegrityFixture.PublishAsync(fixture.Silo, LotteryStreams.Namespace, provider.ToString(System.Globalization.CultureInfo.InvariantCulture), LotteryStreams.TicketSoldEvent,
            new TicketSold(ticket, oprid, provider, 28, Guid.NewGuid().ToString("N")[..8], "01", 3, day, at, lines.Sum(l => l.Cents),
                [.. lines.Select(l => new TicketLine(l.Draw, NumberType.Triple, l.Number, l.Cents, l.Cents))]));
        return ticket;
    }
}
