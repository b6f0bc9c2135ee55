using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace Lottopar.Client.Tests;

/// <summary>
/// CPF generation. The expected check digits below were computed by an independent Python implementation of
/// the Receita Federal mod-11 rule (weights 10..2 then 11..2; a remainder below 2 gives 0), run in the shell.
/// </summary>
public sealed class CpfsTests
{
    [Theory]
    [InlineData("012345678", "90")]
    [InlineData("529982247", "25")]
    [InlineData("111444777", "35")]
    [InlineData("000000001", "91")]
    [InlineData("987654321", "00")]
    [InlineData("100000000", "19")]
    [InlineData("983690060", "86")]
    [InlineData("267735468", "34")]
    [InlineData("487452685", "33")]
    [InlineData("969384937", "07")]
    [InlineData("396401757", "49")]
    [InlineData("228464289", "64")]
    [InlineData("269371955", "08")]
    [InlineData("627995560", "51")]
    [InlineData("636224614", "46")]
    [InlineData("162743732", "09")]
    public void CheckDigitsMatchThePythonReference(string baseDigits, string expected)
    {
        Assert.Equal(expected, Cpfs.CheckDigits(baseDigits));
        Assert.True(Cpfs.IsValid(baseDigits + expected));
        Assert.True(Cpfs.IsValid(Cpfs.Format(baseDigits + expected)));
    }

    [Theory]
    [InlineData("01234567891")] // wrong second check digit
    [InlineData("01234567880")] // wrong first check digit
    [InlineData("11111111111")] // passes the arithmetic, but all digits are equal
    [InlineData("00000000000")]
    [InlineData("0123456789")]
    [InlineData("012.345.678/90")]
    [InlineData("")]
    [InlineData(null)]
    public void RejectsInvalidCpfs(string? cpf) => Assert.False(Cpfs.IsValid(cpf));

    [Fact]
    public void FormatsAndMasks()
    {
        Assert.Equal("012.345.678-90", Cpfs.Format("01234567890"));
        Assert.Equal("***.456.789-**", Cpfs.Mask("12345678909"));
        Assert.Equal("***.456.789-**", Cpfs.Mask("123.456.789-09"));
        Assert.Equal("***", Cpfs.Mask("not a cpf"));
        Assert.Equal("***", Cpfs.Mask(null));
    }

    [Fact]
    public void EveryGeneratedCpfSatisfiesTheMod11Rule()
    {
        var seeds = Gen.Choose(int.MinValue, int.MaxValue).ToArbitrary();
        var property = Prop.ForAll(seeds, seed =>
        {
            var random = new Random(seed);
            return Enumerable.Range(0, 20).Select(_ => Cpfs.Generate(random)).All(cpf =>
                cpf.Length == 11
                && cpf.All(char.IsAsciiDigit)
                && cpf.Distinct().Count() > 1
                && Mod11CheckDigits(cpf[..9]) == cpf[9..]
                && Cpfs.Mask(cpf) == $"***.{cpf[3..6]}.{cpf[6..9]}-**");
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), property);
    }

    /// <summary>The documented rule, written again here so the test does not trust the code under test.</summary>
    private static string Mod11CheckDigits(string nineDigits)
    {
        static int Digit(IReadOnlyList<int> digits)
        {
            var weight = digits.Count + 1;
            var sum = digits.Select((d, i) => d * (weight - i)).Sum();
            var remainder = sum % 11;
            return remainder < 2 ? 0 : 11 - remainder;
        }

        var digits = nineDigits.Select(c => c - '0').ToList();
        var first = Digit(digits);
        digits.Add(first);
        return $"{first}{Digit(digits)}";
    }
}
