using Lottopar.Client.WebSale;
using Xunit;

namespace Lottopar.Client.Tests.WebSale;

/// <summary>The terminals and invoice numbers of a POS load run.</summary>
public sealed class LoadTerminalsTests
{
    [Fact]
    public void TerminalINamesPosFirstPlusIAndASerialEndingInI()
    {
        var terminals = LoadTerminals.Create(42, 11, 1000, "ZLOAD");

        Assert.Equal(new PosIdentity(42, 1000, "ZLOAD00000"), terminals[0]);
        Assert.Equal(new PosIdentity(42, 1003, "ZLOAD00003"), terminals[3]);
        Assert.Equal(new PosIdentity(42, 1010, "ZLOAD00010"), terminals[10]);
        Assert.All(terminals, t => Assert.True(WebSaleRules.IsPrinterSerial(t.PrinterSerial)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1000)]
    public void AProviderCodeOutsideTheDocumentsThreeDigitsIsRefused(int provider) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => LoadTerminals.Create(provider, 8, 1000, "ZLOAD"));

    [Theory]
    [InlineData(42, 0, 1000, "ZLOAD", "at least one terminal")]
    [InlineData(42, 8, 0, "ZLOAD", "outside 1 to 99999")]
    [InlineData(42, 8, 99_995, "ZLOAD", "outside 1 to 99999")]
    [InlineData(42, 8, 1000, "ZLOAD-", "letters or digits")]
    [InlineData(42, 8, 1000, "ZLOADZLOAD", "no room for terminal 7")]
    [InlineData(42, 10_001, 1, "ZLOADZ", "no room for terminal 10000")]
    public void SettingsThatCannotNameRegisteredTerminalsAreRefused(int provider, int count, int firstPos, string prefix, string problem)
    {
        Assert.Contains(problem, LoadTerminals.Check(count, firstPos, prefix), StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => LoadTerminals.Create(provider, count, firstPos, prefix));
    }

    [Fact]
    public void ASerialThatFillsAllTenCharactersIsAccepted() =>
        Assert.Equal(new PosIdentity(42, 10_001, "ZLOAD10000"), LoadTerminals.Create(42, 10_001, 1, "ZLOAD")[^1]);

    [Fact]
    public void InvoiceNumbersFollowTheClockInMillisecondsAndWrapAtEightDigits()
    {
        var now = new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

        Assert.Equal(1000, InvoiceNumbers.BaseAt(now.AddSeconds(1)) - InvoiceNumbers.BaseAt(now));
        Assert.Equal(now.ToUnixTimeMilliseconds() % 100_000_000, InvoiceNumbers.BaseAt(now));
        Assert.Equal("00000042", InvoiceNumbers.Format(40, 2));
        Assert.Equal("99999999", InvoiceNumbers.Format(99_999_998, 1));
        Assert.Equal("00000000", InvoiceNumbers.Format(99_999_999, 1));
    }
}
