using FsCheck;
using FsCheck.Fluent;
using Lottopar.Grains.Validation;
using Xunit;

namespace Lottopar.Grains.Tests.Validation;

/// <summary>
/// CNPJ validation. Every expected check digit below was computed by an independent Python implementation of the
/// Receita Federal rule (value = ASCII code - 48; weights 5..2,9..2 and 6..2,9..2; remainder &lt; 2 gives 0).
/// </summary>
public sealed class CnpjTests
{
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    [Theory]
    [InlineData("12.345.678/0001-95", "12345678000195")]
    [InlineData("12345678000195", "12345678000195")]
    [InlineData("11.222.333/0001-81", "11222333000181")]
    [InlineData("11.444.777/0001-61", "11444777000161")]
    [InlineData("  11444777000161 ", "11444777000161")]
    [InlineData("49021913096431", "49021913096431")]
    [InlineData("83227396837252", "83227396837252")]
    [InlineData("87416802142202", "87416802142202")]
    [InlineData("08786346219952", "08786346219952")]
    [InlineData("90700485432507", "90700485432507")]
    public void AcceptsNumericCnpjs(string input, string expected)
    {
        Assert.True(Cnpj.TryNormalize(input, out var normalized));
        Assert.Equal(expected, normalized);
    }

    [Theory]
    // The example published by the Receita Federal for the alphanumeric CNPJ (July 2026).
    [InlineData("12.ABC.345/01DE-35", "12ABC34501DE35")]
    [InlineData("12abc34501de35", "12ABC34501DE35")]
    [InlineData("12.abc.345/01De-35", "12ABC34501DE35")]
    [InlineData("DJY6PCXXZRW500", "DJY6PCXXZRW500")]
    [InlineData("AD.9FI.J7C/WP8K-03", "AD9FIJ7CWP8K03")]
    [InlineData("R9XL8LDMS2SJ00", "R9XL8LDMS2SJ00")]
    [InlineData("ZS3IQHEWCECU66", "ZS3IQHEWCECU66")]
    [InlineData("CBH16513ETAX83", "CBH16513ETAX83")]
    [InlineData("O2A2NRWLU1Y307", "O2A2NRWLU1Y307")]
    [InlineData("KE5QS6YFO5TC55", "KE5QS6YFO5TC55")]
    [InlineData("3S0KT4U1QPY755", "3S0KT4U1QPY755")]
    [InlineData("ABCDEFGHIJKL80", "ABCDEFGHIJKL80")]
    public void AcceptsAlphanumericCnpjs(string input, string expected)
    {
        Assert.True(Cnpj.TryNormalize(input, out var normalized));
        Assert.Equal(expected, normalized);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("12.345.678/0001-96")] // wrong second check digit
    [InlineData("12.345.678/0001-85")] // wrong first check digit
    [InlineData("12.ABC.345/01DE-36")]
    [InlineData("12.ABC.345/01DF-35")] // base changed, digits kept
    [InlineData("1234567800019")] // 13 characters
    [InlineData("123456780001950")] // 15 characters
    [InlineData("00000000000000")] // passes the arithmetic but is all one character
    [InlineData("00.000.000/0000-00")]
    [InlineData("11111111111111")]
    [InlineData("12 345 678 0001 95")] // spaces inside are not punctuation
    [InlineData("12.345.678/0001-9A")] // letters are not allowed in the check digits
    [InlineData("12.ÁBC.345/01DE-35")] // non-ASCII letter
    [InlineData("12.ABC.345/01DE_35")]
    [InlineData("１２３４５６７８０００１９５")] // full-width digits
    public void RejectsInvalidCnpjs(string? input)
    {
        Assert.False(Cnpj.TryNormalize(input, out var normalized));
        Assert.Equal(string.Empty, normalized);
    }

    [Theory]
    [InlineData("12345678000195", "12.345.678/0001-95")]
    [InlineData("12ABC34501DE35", "12.ABC.345/01DE-35")]
    public void FormatsWithTheUsualGrouping(string normalized, string expected) =>
        Assert.Equal(expected, Cnpj.Format(normalized));

    [Theory]
    [InlineData("12.345.678/0001-95")]
    [InlineData("12345678000196")]
    [InlineData("12abc34501de35")]
    public void FormatRefusesAnythingButANormalizedCnpj(string value) =>
        Assert.Throws<ArgumentException>(() => Cnpj.Format(value));

    [Theory]
    [InlineData("123456780001", "95")]
    [InlineData("12ABC34501DE", "35")]
    [InlineData("112223330001", "81")]
    [InlineData("000000000001", "91")]
    [InlineData("A1B2C3D4E5F6", "68")]
    [InlineData("1Z3Y5X7W9V0U", "54")]
    public void CheckDigitsMatchTheReferenceImplementation(string base12, string expected) =>
        Assert.Equal(expected, Cnpj.CheckDigits(base12));

    [Fact]
    public void AnyBaseWithItsCheckDigitsIsValidAndAnyOtherCheckDigitIsNot()
    {
        var bases = Gen.ArrayOf(Gen.Elements(Alphabet.ToCharArray()), 12)
            .Select(chars => new string(chars))
            // Twelve equal digits can produce fourteen equal characters, which are refused on purpose.
            .Where(b => b.Distinct().Count() > 1);
        var cases = bases.SelectMany(
            _ => Gen.Zip(Gen.Choose(12, 13), Gen.Choose(1, 9)),
            (b, change) => (Base: b, Position: change.Item1, Delta: change.Item2));

        var property = Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var valid = c.Base + Cnpj.CheckDigits(c.Base);
            var chars = valid.ToCharArray();
            chars[c.Position] = (char)('0' + ((chars[c.Position] - '0' + c.Delta) % 10));
            var tampered = new string(chars);

            return Cnpj.TryNormalize(valid, out var normalized)
                && normalized == valid
                && Cnpj.TryNormalize(Cnpj.Format(valid), out var reparsed)
                && reparsed == valid
                && Cnpj.TryNormalize(valid.ToLowerInvariant(), out var lowered)
                && lowered == valid
                && !Cnpj.TryNormalize(tampered, out _);
        });
        Check.QuickThrowOnFailure(property);
    }

    [Fact]
    public void ArbitraryTextNeverThrows()
    {
        var property = Prop.ForAll(Gen.Elements("0123456789ABCxyz./- \t\u00e7\u0000".ToCharArray()).ArrayOf().Select(c => new string(c)).ToArbitrary(), text =>
        {
            _ = Cnpj.TryNormalize(text, out _);
        });
        Check.QuickThrowOnFailure(property);
    }
}
