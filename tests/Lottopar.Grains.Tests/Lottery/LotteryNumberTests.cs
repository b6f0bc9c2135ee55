using Lottopar.GrainInterfaces.Lottery;
using Lottopar.Grains.Lottery;
using Xunit;

namespace Lottopar.Grains.Tests.Lottery;

public sealed class LotteryNumberTests
{
    [Theory]
    [InlineData(NumberType.Triple, "320")]
    [InlineData(NumberType.Triple, "000")]
    [InlineData(NumberType.Terminal, "32")]
    [InlineData(NumberType.Terminal, "00")]
    [InlineData(NumberType.TripleZodiac, "02987")]
    [InlineData(NumberType.TripleZodiac, "01000")]
    [InlineData(NumberType.TripleZodiac, "12999")]
    [InlineData(NumberType.TerminalZodiac, "0287")]
    [InlineData(NumberType.TerminalZodiac, "1200")]
    public void NumbersInTheirTypesLayoutAreValid(NumberType type, string number) =>
        Assert.True(LotteryNumber.IsValid(type, number));

    [Theory]
    [InlineData(NumberType.Triple, "32")]
    [InlineData(NumberType.Triple, "3200")]
    [InlineData(NumberType.Triple, "32a")]
    [InlineData(NumberType.Triple, " 32")]
    [InlineData(NumberType.Triple, "\u0663\u0662\u0660")] // Arabic-Indic digits: char.IsDigit, not ASCII
    [InlineData(NumberType.Terminal, "320")]
    [InlineData(NumberType.Terminal, "3")]
    [InlineData(NumberType.TripleZodiac, "00987")]
    [InlineData(NumberType.TripleZodiac, "13987")]
    [InlineData(NumberType.TripleZodiac, "2987")]
    [InlineData(NumberType.TripleZodiac, "020987")]
    [InlineData(NumberType.TerminalZodiac, "0087")]
    [InlineData(NumberType.TerminalZodiac, "1387")]
    [InlineData(NumberType.TerminalZodiac, "02987")]
    [InlineData(NumberType.TerminalZodiac, "287")]
    [InlineData(NumberType.Triple, "")]
    [InlineData(NumberType.Triple, null)]
    public void NumbersOutOfTheirTypesLayoutAreInvalid(NumberType type, string? number) =>
        Assert.False(LotteryNumber.IsValid(type, number));

    [Fact]
    public void AnUndefinedTypeHasNoValidNumberAndDoesNotThrow()
    {
        Assert.False(LotteryNumber.IsValid((NumberType)0, "320"));
        Assert.False(LotteryNumber.IsValid((NumberType)9, "32"));
    }

    [Theory]
    [InlineData(NumberType.Triple, 3)]
    [InlineData(NumberType.Terminal, 2)]
    [InlineData(NumberType.TripleZodiac, 5)]
    [InlineData(NumberType.TerminalZodiac, 4)]
    public void LengthIncludesTheTwoSignDigitsOfZodiacTypes(NumberType type, int length) =>
        Assert.Equal(length, LotteryNumber.LengthOf(type));

    [Fact]
    public void TypeValuesAreTheProtocolCodes()
    {
        Assert.Equal(1, (int)NumberType.Triple);
        Assert.Equal(2, (int)NumberType.Terminal);
        Assert.Equal(3, (int)NumberType.TripleZodiac);
        Assert.Equal(4, (int)NumberType.TerminalZodiac);
    }
}
