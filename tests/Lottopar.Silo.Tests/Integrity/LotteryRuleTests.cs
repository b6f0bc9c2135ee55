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

    private async Task<string> SellAsync(string oprid, int provider, DateOnly day, DateTimeOffset at, params (string Draw, string Number, long Cents)[] lines)
    {
        var ticket = $"T{Guid.NewGuid():N}"[..26];
        await IntegrityFixture.PublishAsync(fixture.Silo, LotteryStreams.Namespace, provider.ToString(System.Globalization.CultureInfo.InvariantCulture), LotteryStreams.TicketSoldEvent,
            new TicketSold(ticket, oprid, provider, 28, Guid.NewGuid().ToString("N")[..8], "01", 3, day, at, lines.Sum(l => l.Cents),
                [.. lines.Select(l => new TicketLine(l.Draw, NumberType.Triple, l.Number, l.Cents, l.Cents))]));
        return ticket;
    }
}
