using Lottopar.GrainInterfaces.Lottery;
using Lottopar.Grains.Common;
using Lottopar.Grains.Integrity;
using Lottopar.Grains.Integrity.Rules;
using Lottopar.Grains.Lottery;
using Xunit;

namespace Lottopar.Grains.Tests.Integrity;

public sealed class LotteryRulesTests
{
    private static readonly DateOnly Day = new(2026, 12, 3);
    private static readonly LotteryCatalog Catalog = DefaultLotteryCatalog.Catalog;

    private static TicketSold Ticket(DateTimeOffset at, int pos = 28, params (string Draw, string Number, long Cents)[] lines) =>
        new($"T{Guid.NewGuid():N}"[..26], "OPR001", 42, pos, "00000001", "01", 3, Day, at, lines.Sum(l => l.Cents),
            [.. lines.Select(l => new TicketLine(l.Draw, NumberType.Triple, l.Number, l.Cents, l.Cents))]);

    [Fact]
    public void ATicketSoldAfterItsDrawClosedIsAHitAndOneBeforeIsNot()
    {
        var rule = new LotterySaleAfterClosingRule();
        var closing = Catalog.FindDraw("05")!.ClosingTime;
        var windows = new LotteryWindows();

        Assert.Null(rule.Evaluate(Ticket(BrasiliaTime.Instant(Day, closing), lines: ("05", "123", 100)), windows, Catalog, rule.Shipped));
        Assert.NotNull(rule.Evaluate(Ticket(BrasiliaTime.Instant(Day, closing).AddMinutes(1), lines: ("05", "123", 100)), windows, Catalog, rule.Shipped));
    }

    [Fact]
    public void ANumberOverItsShareOfADrawsSalesIsAHitOnceTheDrawSoldTheMinimum()
    {
        var rule = new LotteryNumberConcentrationRule();
        var setting = Observations.Setting(rule, (LotteryNumberConcentrationRule.MaxSharePercent, 50), (LotteryNumberConcentrationRule.MinDrawSales, 1_000));
        var windows = new LotteryWindows();
        var at = BrasiliaTime.Instant(Day, new TimeOnly(9, 0));

        var first = Ticket(at, lines: ("05", "123", 900));
        windows.Fold(first);
        Assert.Null(rule.Evaluate(first, windows, Catalog, setting));
        var even = Ticket(at, lines: ("05", "456", 900));
        windows.Fold(even);
        Assert.Null(rule.Evaluate(even, windows, Catalog, setting));
        var tipping = Ticket(at, lines: ("05", "123", 200));
        windows.Fold(tipping);
        Assert.NotNull(rule.Evaluate(tipping, windows, Catalog, setting));
        Assert.False(windows.Fold(tipping));
        Assert.Equal(1_100, windows.SalesOf("05", Day, NumberType.Triple, "123"));
    }

    [Fact]
    public void ATerminalOverItsDailyTicketsIsAHitAndAnotherTerminalIsNot()
    {
        var rule = new LotteryTerminalVolumeRule();
        var setting = Observations.Setting(rule, (LotteryTerminalVolumeRule.MaxTicketsPerDay, 2));
        var windows = new LotteryWindows();
        var at = BrasiliaTime.Instant(Day, new TimeOnly(9, 0));
        var tickets = Enumerable.Range(0, 3).Select(_ => Ticket(at, 28, ("05", "1", 100))).Append(Ticket(at, 29, ("05", "1", 100))).ToList();
        var hits = tickets.Select(t => { windows.Fold(t); return rule.Evaluate(t, windows, Catalog, setting) is not null; }).ToList();

        Assert.Equal([false, false, true, false], hits);
    }
}
