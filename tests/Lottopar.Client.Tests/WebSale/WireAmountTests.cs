using FsCheck;
using FsCheck.Fluent;
using Lottopar.Client.WebSale;
using Xunit;

namespace Lottopar.Client.Tests.WebSale;

/// <summary>Amounts on the wire: '.' decimals in the shortest form out, the document's grammar in.</summary>
public sealed class WireAmountTests
{
    [Theory]
    [InlineData(10, "0.1")]
    [InlineData(150, "1.5")]
    [InlineData(100, "1")]
    [InlineData(0, "0")]
    [InlineData(1, "0.01")]
    [InlineData(1234, "12.34")]
    [InlineData(20, "0.2")]
    [InlineData(100_000_000, "1000000")]
    public void AmountsAreWrittenInTheShortestForm(long cents, string wire) => Assert.Equal(wire, WireAmount.Format(cents));

    [Fact]
    public void ANegativeAmountCannotBeWritten() => Assert.Throws<ArgumentOutOfRangeException>(() => WireAmount.Format(-1));

    [Theory]
    [InlineData("0.1", 10)]
    [InlineData("1.5", 150)]
    [InlineData("1.50", 150)]
    [InlineData("1", 100)]
    [InlineData("01", 100)]
    [InlineData("0", 0)]
    [InlineData("0.00", 0)]
    [InlineData("12.34", 1234)]
    [InlineData("1000000", 100_000_000)]
    [InlineData("1000000.00", 100_000_000)]
    public void TheDocumentsAmountsRead(string wire, long cents)
    {
        Assert.True(WireAmount.TryParse(wire, out var read));
        Assert.Equal(cents, read);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(".5")]
    [InlineData("1.")]
    [InlineData("1.234")]
    [InlineData("1,5")]
    [InlineData("-1")]
    [InlineData("+1")]
    [InlineData("1e2")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("1.0.0")]
    [InlineData("1000000.01")]
    [InlineData("99999999999999999999999")]
    [InlineData("١")]
    public void AnythingElseIsRefused(string? wire) => Assert.False(WireAmount.TryParse(wire, out _));

    [Fact]
    public void EveryAmountReadsBackFromItsShortestForm()
    {
        var amounts = Gen.Choose(0, (int)WireAmount.MaxCents).ToArbitrary();
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(2000), Prop.ForAll(amounts, cents =>
            WireAmount.TryParse(WireAmount.Format(cents), out var read) && read == cents));
    }
}
