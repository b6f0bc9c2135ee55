using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using Lottopar.Grains.Lottery;
using Xunit;

namespace Lottopar.Grains.Tests.Lottery;

public sealed class WebSaleAmountTests
{
    [Theory]
    [InlineData("0.1", 10)]
    [InlineData("0.01", 1)]
    [InlineData("1", 100)]
    [InlineData("1.5", 150)]
    [InlineData("1.50", 150)]
    [InlineData("12.34", 1234)]
    [InlineData("01", 100)]
    [InlineData("999999.99", 99_999_999)]
    [InlineData("1000000", 100_000_000)]
    [InlineData("1000000.00", 100_000_000)]
    public void AmountsWithAPointAndUpToTwoDecimalsAreRead(string text, long cents)
    {
        Assert.True(WebSaleAmount.TryParse(text, out var parsed));
        Assert.Equal(cents, parsed);
    }

    [Theory]
    [InlineData(".5")]
    [InlineData("1.")]
    [InlineData("-1")]
    [InlineData("+1")]
    [InlineData("1,5")]
    [InlineData("1e2")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("0")]
    [InlineData("00")]
    [InlineData("0.00")]
    [InlineData("0.001")]
    [InlineData("1.234")]
    [InlineData("1..5")]
    [InlineData("1.5.0")]
    [InlineData("1000000.01")]
    [InlineData("1000001")]
    [InlineData("99999999999999999999999999")]
    [InlineData("0x10")]
    [InlineData("1_000")]
    [InlineData("\u0661")] // Arabic-Indic one
    [InlineData("")]
    [InlineData(null)]
    public void AnythingElseIsRefused(string? text)
    {
        Assert.False(WebSaleAmount.TryParse(text, out var cents));
        Assert.Equal(0, cents);
    }

    [Theory]
    [InlineData(10, "0.1")]
    [InlineData(150, "1.5")]
    [InlineData(100, "1")]
    [InlineData(0, "0")]
    [InlineData(1234, "12.34")]
    [InlineData(5, "0.05")]
    [InlineData(101, "1.01")]
    [InlineData(110, "1.1")]
    [InlineData(100_000_000, "1000000")]
    public void FormatWritesTheShortestForm(long cents, string expected) => Assert.Equal(expected, WebSaleAmount.Format(cents));

    [Fact]
    public void FormatRefusesNegativeAmounts() => Assert.Throws<ArgumentOutOfRangeException>(() => WebSaleAmount.Format(-1));

    [Fact]
    public void CultureWithACommaDecimalSeparatorChangesNothing()
    {
        var previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("pt-BR");
            Assert.Equal("1234.5", WebSaleAmount.Format(123_450));
            Assert.True(WebSaleAmount.TryParse("1.5", out var cents));
            Assert.Equal(150, cents);
            Assert.False(WebSaleAmount.TryParse("1,5", out _));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void EveryAcceptedAmountFormatsToTextThatReadsBackTheSame()
    {
        var amounts = Gen.Choose(1, (int)WebSaleAmount.MaxCents).Select(c => (long)c).ToArbitrary();
        var property = Prop.ForAll(amounts, cents =>
        {
            var text = WebSaleAmount.Format(cents);
            return WebSaleAmount.TryParse(text, out var parsed)
                && parsed == cents
                && !(text.Contains('.', StringComparison.Ordinal) && text.EndsWith('0'));
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(2000), property);
    }
}
