using FsCheck;
using FsCheck.Fluent;
using Lottopar.GrainInterfaces.Lottery;
using Lottopar.Grains.Lottery;
using Xunit;

namespace Lottopar.Grains.Tests.Lottery;

/// <summary>Ticket numbers; expected check digits come from an independent Python implementation of Luhn.</summary>
public sealed class TicketNumberTests
{
    [Fact]
    public void TicketIsDateProviderPosSequenceAndLuhnDigit() =>
        Assert.Equal("20101130006000280000000042", TicketNumber.Compose(new DateOnly(2010, 11, 30), 6, 28, 4));

    [Theory]
    [InlineData("2026-11-21", 999, 99_999, 999_999_999, "20261121999999999999999995")]
    [InlineData("0001-01-01", 1, 1, 1, "00010101001000010000000012")]
    [InlineData("2024-02-29", 3, 2, 123, "20240229003000020000001235")]
    [InlineData("2010-11-30", 6, 28, 1, "20101130006000280000000018")]
    public void CheckDigitMatchesTheReferenceImplementation(string date, int provider, int pos, long sequence, string expected)
    {
        var saleDate = DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(expected, TicketNumber.Compose(saleDate, provider, pos, sequence));
        Assert.True(TicketNumber.TryParse(expected, out var parts));
        Assert.Equal(new TicketNumberParts(saleDate, provider, pos, sequence), parts);
    }

    [Fact]
    public void LuhnDigitOfTheTextbookExampleIsThree() => Assert.Equal('3', TicketNumber.LuhnCheckDigit("7992739871"));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("2010113000600028000000004")] // 25 digits
    [InlineData("201011300060002800000000420")] // 27 digits
    [InlineData("20101130006000280000000043")] // wrong check digit
    [InlineData(" 0101130006000280000000042")]
    [InlineData("2010113000600028000000004A")]
    [InlineData("\u0662\u0660101130006000280000000042")] // Arabic-Indic digits
    [InlineData("20101131006000280000000041")] // 31 November, right check digit
    [InlineData("20230229006000280000000041")] // 29 February of a common year
    [InlineData("20101330006000280000000040")] // month 13
    [InlineData("00000101006000280000000045")] // year 0
    [InlineData("20101130000000280000000045")] // provider 000
    [InlineData("20101130006000000000000044")] // POS 00000
    [InlineData("20101130006000280000000000")] // sequence 0
    public void MalformedTicketNumbersAreRefused(string? text)
    {
        Assert.False(TicketNumber.TryParse(text, out var parts));
        Assert.Null(parts);
    }

    [Theory]
    [InlineData(0, 1, 1)]
    [InlineData(1000, 1, 1)]
    [InlineData(1, 0, 1)]
    [InlineData(1, 100_000, 1)]
    [InlineData(1, 1, 0)]
    [InlineData(1, 1, 1_000_000_000)]
    [InlineData(-1, 1, 1)]
    public void ComposeRefusesCodesThatDoNotFitTheirDigits(int provider, int pos, long sequence) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => TicketNumber.Compose(new DateOnly(2025, 1, 1), provider, pos, sequence));

    [Fact]
    public void AnyComposedTicketIsTwentySixDigitsAndParsesBackToItsParts()
    {
        var property = Prop.ForAll(Parts().ToArbitrary(), parts =>
        {
            var ticket = TicketNumber.Compose(parts.SaleDate, parts.ProviderCode, parts.PosCode, parts.Sequence);
            return ticket.Length == TicketNumber.Length
                && ticket.All(char.IsAsciiDigit)
                && TicketNumber.TryParse(ticket, out var parsed)
                && parsed == parts;
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(1000), property);
    }

    [Fact]
    public void AnySingleDigitChangeIsDetected()
    {
        var cases = Gen.Zip(Parts(), Gen.Zip(Gen.Choose(0, TicketNumber.Length - 1), Gen.Choose(1, 9)));
        var property = Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var chars = Compose(c.Item1).ToCharArray();
            var (position, delta) = c.Item2;
            chars[position] = (char)('0' + ((chars[position] - '0' + delta) % 10));
            return !TicketNumber.TryParse(new string(chars), out _);
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(2000), property);
    }

    [Fact]
    public void AnyAdjacentSwapOfDistinctDigitsIsDetectedExceptZeroWithNine()
    {
        // The generator plants two chosen digits side by side in the sequence, so that swaps are frequent
        // and every pair of digits turns up, then swaps one adjacent pair anywhere, check digit included.
        var cases =
            from parts in Parts()
            from a in Gen.Choose(0, 9)
            from b in Gen.Choose(0, 9)
            from position in Gen.Choose(0, TicketNumber.Length - 2)
            select (Ticket: Compose(parts with { Sequence = (parts.Sequence / 100 * 100) + (a * 10) + b }), Position: position);
        var swaps = cases.Where(c => c.Ticket[c.Position] != c.Ticket[c.Position + 1]
            && !IsZeroNinePair(c.Ticket[c.Position], c.Ticket[c.Position + 1]));

        var property = Prop.ForAll(swaps.ToArbitrary(), c =>
        {
            var chars = c.Ticket.ToCharArray();
            (chars[c.Position], chars[c.Position + 1]) = (chars[c.Position + 1], chars[c.Position]);
            return !TicketNumber.TryParse(new string(chars), out _);
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(3000), property);
    }

    [Fact]
    public void SwappingAdjacentZeroAndNineIsLuhnsBlindSpot()
    {
        // Documented limit of Luhn (doubling sends 0 and 9 to the same remainder): both tickets are
        // valid and differ only by "90" against "09" in the sequence.
        Assert.True(TicketNumber.TryParse("20101130006000280000000901", out var ninety));
        Assert.True(TicketNumber.TryParse("20101130006000280000000091", out var nine));
        Assert.Equal(90, ninety.Sequence);
        Assert.Equal(9, nine.Sequence);
    }

    private static bool IsZeroNinePair(char x, char y) => (x, y) is ('0', '9') or ('9', '0');

    private static string Compose(TicketNumberParts p) => TicketNumber.Compose(p.SaleDate, p.ProviderCode, p.PosCode, p.Sequence);

    private static Gen<TicketNumberParts> Parts() =>
        from day in Gen.Choose(DateOnly.MinValue.DayNumber, DateOnly.MaxValue.DayNumber)
        from provider in Gen.Choose(1, TicketNumber.MaxProviderCode)
        from pos in Gen.Choose(1, TicketNumber.MaxPosCode)
        from sequence in Gen.Choose(100, (int)TicketNumber.MaxSequence)
        select new TicketNumberParts(DateOnly.FromDayNumber(day), provider, pos, sequence);
}
