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

    [Fact]
    public void ANumberWhoseSalesAcrossProvidersReachTheShareOfItsQuotaIsAHitWithItsPrizeExposure()
    {
        var rule = new LotteryNumberExposureRule();
        var setting = Observations.Setting(rule, (LotteryNumberExposureRule.QuotaPercent, 90));
        var quota = new QuotaTable(Triple: 10_000, Terminal: 100_000, TripleZodiac: 1_000, TerminalZodiac: 10_000);
        var settings = new LotterySettings(Catalog, quota, new Dictionary<string, QuotaTable>());
        var exposure = new DrawExposure();
        var at = BrasiliaTime.Instant(Day, new TimeOnly(9, 0));

        var first = Ticket(at, lines: ("05", "482", 8_000));
        exposure.Fold(first.TicketNumber, first.Lines);
        Assert.Null(rule.Evaluate(first, exposure, settings, setting));
        var elsewhere = Ticket(at, lines: ("05", "111", 9_500)); // another number: its own quota
        exposure.Fold(elsewhere.TicketNumber, elsewhere.Lines);
        var tipping = Ticket(at, pos: 7, lines: ("05", "482", 1_000));
        exposure.Fold(tipping.TicketNumber, tipping.Lines);
        Assert.False(exposure.Fold(tipping.TicketNumber, tipping.Lines)); // a redelivery counts once

        var hit = rule.Evaluate(tipping, exposure, settings, setting);
        Assert.NotNull(hit);
        var evidence = Assert.Single(hit.Evidence);
        Assert.Equal("05:Triple:482", evidence.Id);
        Assert.Equal(
            $"Número 482 (triplo) do sorteio 05: R$ 90,00 vendidos, 90% da cota de R$ 100,00; prêmio se sorteado {Evidence.Money(9_000L * Catalog.PayTable.Triple)}; bilhete {tipping.TicketNumber} (provedor 42, POS 7)",
            evidence.Detail);
        Assert.True(hit.AcrossOperators);
        Assert.Equal(9_000, exposure.SoldOn("05", NumberType.Triple, "482"));
        Assert.NotNull(rule.Evaluate(elsewhere, exposure, settings, setting)); // 95% of its quota, judged at its next ticket
        Assert.Null(rule.Evaluate(Ticket(at, lines: ("07", "482", 10)), exposure, settings, setting));
    }
}
