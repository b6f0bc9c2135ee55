using Lottopar.Client.WebSale;
using Xunit;

namespace Lottopar.Client.Tests.WebSale;

/// <summary>Sale frames and number layouts as docs/websale-protocol.md gives them.</summary>
public sealed class SaleFrameTests
{
    [Fact]
    public void TheDocumentsExampleFrameIsBuiltFromItsTwoRecords()
    {
        var frame = SaleFrame.Build([new SaleLine("01", NumberType.Triple, "320", 10), new SaleLine("01", NumberType.Terminal, "32", 20)]);

        Assert.Equal("01|01|320|0.1;01|02|32|0.2;", frame);
    }

    [Fact]
    public void ZodiacNumbersCarryTheirSignFirst()
    {
        var frame = SaleFrame.Build([new SaleLine("13", NumberType.TripleZodiac, "02987", 150), new SaleLine("13", NumberType.TerminalZodiac, "1287", 100)]);

        Assert.Equal("13|03|02987|1.5;13|04|1287|1;", frame);
    }

    [Theory]
    [InlineData("1", NumberType.Triple, "320", 10)]
    [InlineData("001", NumberType.Triple, "320", 10)]
    [InlineData("0a", NumberType.Triple, "320", 10)]
    [InlineData("01", NumberType.Triple, "32", 10)]
    [InlineData("01", NumberType.Terminal, "320", 10)]
    [InlineData("13", NumberType.TripleZodiac, "00987", 10)]
    [InlineData("13", NumberType.TripleZodiac, "13987", 10)]
    [InlineData("13", NumberType.TerminalZodiac, "987", 10)]
    [InlineData("01", NumberType.Triple, "32a", 10)]
    [InlineData("01", NumberType.Triple, "320", 0)]
    [InlineData("01", NumberType.Triple, "320", -10)]
    [InlineData("01", NumberType.Triple, "320", 100_000_001)]
    public void ALineNoServerCouldSellIsRefusedBeforeSending(string draw, NumberType type, string number, long cents) =>
        Assert.Throws<ArgumentException>(() => SaleFrame.Build([new SaleLine(draw, type, number, cents)]));

    [Fact]
    public void AFrameNeedsALine() => Assert.Throws<ArgumentException>(() => SaleFrame.Build([]));

    [Theory]
    [InlineData(NumberType.Triple, "000", true)]
    [InlineData(NumberType.Triple, "999", true)]
    [InlineData(NumberType.Triple, "99", false)]
    [InlineData(NumberType.Terminal, "07", true)]
    [InlineData(NumberType.Terminal, "7", false)]
    [InlineData(NumberType.TripleZodiac, "01000", true)]
    [InlineData(NumberType.TripleZodiac, "12999", true)]
    [InlineData(NumberType.TripleZodiac, "00999", false)]
    [InlineData(NumberType.TripleZodiac, "13000", false)]
    [InlineData(NumberType.TerminalZodiac, "0287", true)]
    [InlineData(NumberType.TerminalZodiac, "1300", false)]
    [InlineData(NumberType.TerminalZodiac, "02870", false)]
    [InlineData(NumberType.Triple, "٣٢٠", false)]
    public void NumbersFitTheirTypesLayout(NumberType type, string number, bool fits) => Assert.Equal(fits, NumberTypes.Fits(type, number));

    [Fact]
    public void TypeCodesAreTheDocuments()
    {
        Assert.Equal(["01", "02", "03", "04"], Enum.GetValues<NumberType>().Select(NumberTypes.Code));
        Assert.All(Enum.GetValues<NumberType>(), type => Assert.True(NumberTypes.TryParseCode(NumberTypes.Code(type), out var read) && read == type));
        Assert.False(NumberTypes.TryParseCode("1", out _));
        Assert.False(NumberTypes.TryParseCode("05", out _));
        Assert.False(NumberTypes.TryParseCode("00", out _));
    }
}
