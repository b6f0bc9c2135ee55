using FsCheck;
using FsCheck.Fluent;
using Lottopar.Grains.Validation;
using Xunit;

namespace Lottopar.Grains.Tests.Validation;

/// <summary>CPF validation; expected check digits come from an independent Python implementation of the mod-11 rule.</summary>
public sealed class CpfTests
{
    [Theory]
    [InlineData("012.345.678-90", "01234567890")]
    [InlineData("01234567890", "01234567890")]
    [InlineData("529.982.247-25", "52998224725")]
    [InlineData("123.456.789-09", "12345678909")]
    [InlineData("111.444.777-35", "11144477735")]
    [InlineData(" 935.411.347-80 ", "93541134780")]
    [InlineData("34109899435", "34109899435")]
    [InlineData("29229116165", "29229116165")]
    [InlineData("84939535045", "84939535045")]
    [InlineData("61047385082", "61047385082")]
    [InlineData("76330230072", "76330230072")]
    [InlineData("98765432100", "98765432100")]
    public void AcceptsValidCpfs(string input, string expected)
    {
        Assert.True(Cpf.TryNormalize(input, out var normalized));
        Assert.Equal(expected, normalized);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("012.345.678-91")]
    [InlineData("012.345.678-80")]
    [InlineData("529.982.247-52")]
    [InlineData("111.111.111-11")]
    [InlineData("000.000.000-00")]
    [InlineData("99999999999")]
    [InlineData("0123456789")]
    [InlineData("012345678900")]
    [InlineData("012.345.678/90")]
    [InlineData("O12.345.678-90")] // letter O for zero
    [InlineData("012 345 678 90")]
    public void RejectsInvalidCpfs(string? input)
    {
        Assert.False(Cpf.TryNormalize(input, out var normalized));
        Assert.Equal(string.Empty, normalized);
    }

    [Fact]
    public void FormatsAndMasks()
    {
        Assert.Equal("012.345.678-90", Cpf.Format("01234567890"));
        Assert.Equal("***.456.789-**", Cpf.Mask("12345678909"));
        Assert.Equal("***.345.678-**", Cpf.Mask("01234567890"));
    }

    [Theory]
    [InlineData("012.345.678-90")]
    [InlineData("01234567891")]
    [InlineData("11111111111")]
    public void FormatAndMaskRefuseAnythingButANormalizedCpf(string value)
    {
        Assert.Throws<ArgumentException>(() => Cpf.Format(value));
        Assert.Throws<ArgumentException>(() => Cpf.Mask(value));
    }

    [Theory]
    [InlineData("012345678", "90")]
    [InlineData("529982247", "25")]
    [InlineData("000000001", "91")]
    [InlineData("987654321", "00")]
    public void CheckDigitsMatchTheReferenceImplementation(string base9, string expected) =>
        Assert.Equal(expected, Cpf.CheckDigits(base9));

    [Fact]
    public void AnyBaseWithItsCheckDigitsIsValidAndAnyOtherCheckDigitIsNot()
    {
        var cases = Gen.ArrayOf(Gen.Elements("0123456789".ToCharArray()), 9)
            .Select(chars => new string(chars))
            .Where(b => b.Distinct().Count() > 1)
            .SelectMany(_ => Gen.Zip(Gen.Choose(9, 10), Gen.Choose(1, 9)), (b, change) => (Base: b, Position: change.Item1, Delta: change.Item2));

        var property = Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var valid = c.Base + Cpf.CheckDigits(c.Base);
            var chars = valid.ToCharArray();
            chars[c.Position] = (char)('0' + ((chars[c.Position] - '0' + c.Delta) % 10));

            return Cpf.TryNormalize(valid, out var normalized)
                && normalized == valid
                && Cpf.TryNormalize(Cpf.Format(valid), out var reparsed)
                && reparsed == valid
                && !Cpf.TryNormalize(new string(chars), out _);
        });
        Check.QuickThrowOnFailure(property);
    }
}
