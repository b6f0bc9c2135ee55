using Lottopar.GrainInterfaces.Lottery;
using Lottopar.Grains.Lottery;
using Xunit;

namespace Lottopar.Grains.Tests.Lottery;

public sealed class LotteryCatalogRulesTests
{
    private static readonly LotteryCatalog Valid = DefaultLotteryCatalog.Catalog;

    [Fact]
    public void MissingCatalogIsRefused() => AssertErrors(null, "catalog");

    [Fact]
    public void DrawCodeUsedTwiceIsRefused() => AssertErrors(Valid with { Draws = [.. Valid.Draws, Valid.Draws[0]] }, "draws[9].code");

    [Theory]
    [InlineData("1")]
    [InlineData("001")]
    [InlineData("AB")]
    [InlineData("")]
    [InlineData(null)]
    public void DrawCodeThatIsNotTwoDigitsIsRefused(string? code) => AssertErrors(WithFirstDraw(d => d with { Code = code! }), "draws[0].code");

    [Fact]
    public void DrawOfALotteryNotInTheCatalogIsRefused() => AssertErrors(WithFirstDraw(d => d with { LotteryCode = "02" }), "draws[0].lotteryCode");

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void TurnBelowOneIsRefused(int turn) => AssertErrors(WithFirstDraw(d => d with { Turn = turn }), "draws[0].turn");

    [Theory]
    [InlineData("12:00")]
    [InlineData("12:01")]
    [InlineData("23:59")]
    public void ClosingAtOrAfterTheDrawTimeIsRefused(string closing) =>
        AssertErrors(WithFirstDraw(d => d with { ClosingTime = TimeOnly.Parse(closing, System.Globalization.CultureInfo.InvariantCulture) }), "draws[0].closingTime");

    [Fact]
    public void DrawSellingNoNumberTypeIsRefused()
    {
        AssertErrors(WithFirstDraw(d => d with { NumberTypes = [] }), "draws[0].numberTypes");
        AssertErrors(WithFirstDraw(d => d with { NumberTypes = null! }), "draws[0].numberTypes");
    }

    [Fact]
    public void UndefinedOrRepeatedNumberTypeIsRefused()
    {
        AssertErrors(WithFirstDraw(d => d with { NumberTypes = [NumberType.Triple, (NumberType)7] }), "draws[0].numberTypes");
        AssertErrors(WithFirstDraw(d => d with { NumberTypes = [NumberType.Triple, NumberType.Triple] }), "draws[0].numberTypes");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-600)]
    public void MultiplierNotAboveZeroIsRefused(int multiplier)
    {
        AssertErrors(Valid with { PayTable = Valid.PayTable with { Triple = multiplier } }, "payTable.triple");
        AssertErrors(Valid with { PayTable = Valid.PayTable with { Terminal = multiplier } }, "payTable.terminal");
        AssertErrors(Valid with { PayTable = Valid.PayTable with { TripleZodiac = multiplier } }, "payTable.tripleZodiac");
        AssertErrors(Valid with { PayTable = Valid.PayTable with { TerminalZodiac = multiplier } }, "payTable.terminalZodiac");
    }

    [Fact]
    public void LotteryCodeUsedTwiceIsRefused() =>
        AssertErrors(Valid with { Lotteries = [.. Valid.Lotteries, new LotteryDefinition("01", "OTRA")] }, "lotteries[1].code");

    [Fact]
    public void BlankNamesAndCodesAreRefused()
    {
        AssertErrors(Valid with { Lotteries = [.. Valid.Lotteries, new LotteryDefinition(" ", "OTRA")] }, "lotteries[1].code");
        AssertErrors(Valid with { Lotteries = [Valid.Lotteries[0] with { Name = "" }] }, "lotteries[0].name");
        AssertErrors(WithFirstDraw(d => d with { Name = " " }), "draws[0].name");
    }

    [Fact]
    public void MissingListsAndEntriesFromAJsonBodyAreRefused()
    {
        AssertErrors(Valid with { Draws = null! }, "draws");
        AssertErrors(Valid with { PayTable = null! }, "payTable");
        AssertErrors(Valid with { Draws = [null!, .. Valid.Draws.Skip(1)] }, "draws[0]");
        AssertErrors(Valid with { Lotteries = [.. Valid.Lotteries, null!] }, "lotteries[1]");

        // Without lotteries no draw has a lottery, and each says so.
        var errors = LotteryCatalogRules.Validate(Valid with { Lotteries = null! });
        Assert.Equal("lotteries", errors[0].Field);
        Assert.Equal(Valid.Draws.Count + 1, errors.Count);
    }

    [Fact]
    public void EveryBrokenRuleIsReportedAtOnce()
    {
        var broken = WithFirstDraw(d => d with { Turn = 0, ClosingTime = d.DrawTime }) with { PayTable = Valid.PayTable with { Terminal = 0 } };
        AssertErrors(broken, "draws[0].turn", "draws[0].closingTime", "payTable.terminal");
    }

    private static LotteryCatalog WithFirstDraw(Func<DrawDefinition, DrawDefinition> change) =>
        Valid with { Draws = [change(Valid.Draws[0]), .. Valid.Draws.Skip(1)] };

    private static void AssertErrors(LotteryCatalog? catalog, params string[] fields)
    {
        var errors = LotteryCatalogRules.Validate(catalog);
        Assert.Equal(fields, errors.Select(e => e.Field));
        Assert.All(errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Message)));
    }
}
