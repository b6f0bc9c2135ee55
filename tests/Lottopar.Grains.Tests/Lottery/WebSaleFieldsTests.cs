using Lottopar.Grains.Lottery;
using Xunit;

namespace Lottopar.Grains.Tests.Lottery;

/// <summary>The desk reads providercod, poscod, turn, date and numfact strictly: anything doubtful is absent.</summary>
public sealed class WebSaleFieldsTests
{
    [Theory]
    [InlineData("42", 3, 42)]
    [InlineData("042", 3, 42)]
    [InlineData("99999", 5, 99_999)]
    [InlineData("0998", 3, null)]
    [InlineData("0", 3, null)]
    [InlineData("000", 3, null)]
    [InlineData("", 3, null)]
    [InlineData(null, 3, null)]
    [InlineData("-1", 3, null)]
    [InlineData("+1", 3, null)]
    [InlineData(" 1", 3, null)]
    [InlineData("١", 3, null)]
    public void NumberIsOneToMaxDigitsAsciiDigitsAndPositive(string? text, int maxDigits, int? expected) =>
        Assert.Equal(expected, WebSaleFields.Number(text, maxDigits));

    [Theory]
    [InlineData("20101130", "2010-11-30")]
    [InlineData("20240229", "2024-02-29")]
    [InlineData("20230229", null)]
    [InlineData("2010-11-30", null)]
    [InlineData("201011300", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void DateIsARealDayWrittenYyyyMmDd(string? text, string? expected) =>
        Assert.Equal(expected is null ? null : DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), WebSaleFields.Date(text));

    [Theory]
    [InlineData("00000004", true)]
    [InlineData("0000004", false)]
    [InlineData("000000004", false)]
    [InlineData("0000000a", false)]
    [InlineData(null, false)]
    public void InvoiceNumberIsExactlyEightAsciiDigits(string? text, bool expected) =>
        Assert.Equal(expected, WebSaleFields.IsInvoiceNumber(text));
}
