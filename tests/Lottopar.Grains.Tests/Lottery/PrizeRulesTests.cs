using FsCheck;
using FsCheck.Fluent;
using Lottopar.GrainInterfaces.Lottery;
using Lottopar.Grains.Lottery;
using Xunit;

namespace Lottopar.Grains.Tests.Lottery;

public sealed class PrizeRulesTests
{
    private static readonly PayTable Table = DefaultLotteryCatalog.DefaultPayTable;
    private static readonly DrawResult Leon = new("482", null);
    private static readonly DrawResult Tripleton = new("987", 2);

    [Theory]
    [InlineData(NumberType.Triple, "482", 6_000)]
    [InlineData(NumberType.Triple, "483", 0)]
    [InlineData(NumberType.Triple, "284", 0)]
    [InlineData(NumberType.Terminal, "82", 600)]
    [InlineData(NumberType.Terminal, "48", 0)]
    [InlineData(NumberType.Terminal, "28", 0)]
    public void LeonNumbersWinOnTheTripleOrItsLastTwoDigits(NumberType type, string number, long prize) =>
        Assert.Equal(prize, PrizeRules.PrizeFor(new SaleRecord("01", type, number, 10), 10, Leon, Table));

    [Theory]
    [InlineData(NumberType.TripleZodiac, "02987", 60_000)]
    [InlineData(NumberType.TripleZodiac, "03987", 0)]
    [InlineData(NumberType.TripleZodiac, "02986", 0)]
    [InlineData(NumberType.TerminalZodiac, "0287", 6_000)]
    [InlineData(NumberType.TerminalZodiac, "0387", 0)]
    [InlineData(NumberType.TerminalZodiac, "0298", 0)]
    public void ZodiacNumbersAlsoNeedTheSign(NumberType type, string number, long prize) =>
        Assert.Equal(prize, PrizeRules.PrizeFor(new SaleRecord("13", type, number, 10), 10, Tripleton, Table));

    [Fact]
    public void ATicketsPrizeAddsItsLinesAndWaitsForEveryDrawsResult()
    {
        TicketLine[] lines = [new("01", NumberType.Triple, "482", 10, 10), new("01", NumberType.Terminal, "82", 10, 5), new("13", NumberType.TripleZodiac, "02987", 10, 10)];

        Assert.Equal(6_000 + 300 + 60_000, PrizeRules.PrizeOf(lines, code => code == "01" ? Leon : Tripleton, Table));
        Assert.Null(PrizeRules.PrizeOf(lines, code => code == "01" ? Leon : null, Table));
        Assert.Equal(0, PrizeRules.PrizeOf([new("01", NumberType.Triple, "111", 10, 10)], _ => Leon, Table));
    }

    [Fact]
    public void PrizeIsTheAmountSoldTimesTheMultiplierNotTheAmountAsked() =>
        Assert.Equal(40 * 600, PrizeRules.PrizeFor(new SaleRecord("01", NumberType.Triple, "482", 100), 40, Leon, Table));

    [Fact]
    public void NothingSoldWinsNothing() =>
        Assert.Equal(0, PrizeRules.PrizeFor(new SaleRecord("01", NumberType.Triple, "482", 100), 0, Leon, Table));

    [Fact]
    public void TheGivenPayTableApplies() =>
        Assert.Equal(
            10 * 75,
            PrizeRules.PrizeFor(new SaleRecord("01", NumberType.Terminal, "82", 10), 10, Leon, Table with { Terminal = 75 }));

    [Fact]
    public void ZodiacNumberAgainstAResultWithoutSignIsAnError() =>
        Assert.Throws<ArgumentException>(() => PrizeRules.PrizeFor(new SaleRecord("13", NumberType.TripleZodiac, "02482", 10), 10, Leon, Table));

    [Theory]
    [InlineData(-1)]
    [InlineData(11)]
    public void AmountSoldOutsideZeroToTheAmountAskedIsAnError(long sold) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => PrizeRules.PrizeFor(new SaleRecord("01", NumberType.Triple, "482", 10), sold, Leon, Table));

    [Fact]
    public void MalformedNumberResultOrMultiplierIsAnError()
    {
        Assert.Throws<ArgumentException>(() => PrizeRules.PrizeFor(new SaleRecord("01", NumberType.Triple, "82", 10), 10, Leon, Table));
        Assert.Throws<ArgumentException>(() => PrizeRules.PrizeFor(new SaleRecord("01", NumberType.Triple, "482", 10), 10, new DrawResult("48", null), Table));
        Assert.Throws<ArgumentException>(() => PrizeRules.PrizeFor(new SaleRecord("01", NumberType.Triple, "482", 10), 10, Leon, Table with { Triple = 0 }));
    }

    [Fact]
    public void OverflowIsAnErrorNotAWrappedPrize()
    {
        var huge = long.MaxValue / 100;
        Assert.Throws<OverflowException>(() => PrizeRules.PrizeFor(new SaleRecord("01", NumberType.Triple, "482", huge), huge, Leon, Table));
    }

    [Fact]
    public void NumbersTakenFromTheResultWinAndAnyOtherSignLoses()
    {
        var cases =
            from digits in Gen.Choose(0, 999)
            from sign in Gen.Choose(ZodiacSigns.First, ZodiacSigns.Last)
            from offset in Gen.Choose(1, ZodiacSigns.Last - 1)
            from sold in Gen.Choose(1, 1_000_000)
            select (Triple: $"{digits:D3}", Sign: sign, Other: ((sign - 1 + offset) % ZodiacSigns.Last) + 1, Sold: (long)sold);

        var property = Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var result = new DrawResult(c.Triple, c.Sign);
            long Prize(NumberType type, string number) => PrizeRules.PrizeFor(new SaleRecord("13", type, number, c.Sold), c.Sold, result, Table);
            return Prize(NumberType.Triple, c.Triple) == c.Sold * Table.Triple
                && Prize(NumberType.Terminal, c.Triple[1..]) == c.Sold * Table.Terminal
                && Prize(NumberType.TripleZodiac, $"{c.Sign:D2}{c.Triple}") == c.Sold * Table.TripleZodiac
                && Prize(NumberType.TerminalZodiac, $"{c.Sign:D2}{c.Triple[1..]}") == c.Sold * Table.TerminalZodiac
                && Prize(NumberType.TripleZodiac, $"{c.Other:D2}{c.Triple}") == 0
                && Prize(NumberType.TerminalZodiac, $"{c.Other:D2}{c.Triple[1..]}") == 0;
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(1000), property);
    }
}
