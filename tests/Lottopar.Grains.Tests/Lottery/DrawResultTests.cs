using Lottopar.GrainInterfaces.Lottery;
using Lottopar.Grains.Lottery;
using Xunit;

namespace Lottopar.Grains.Tests.Lottery;

public sealed class DrawResultTests
{
    private static readonly DrawDefinition Leon = DefaultLotteryCatalog.Catalog.FindDraw("01")!;
    private static readonly DrawDefinition Tripleton = DefaultLotteryCatalog.Catalog.FindDraw("13")!;

    [Theory]
    [InlineData("482", null, "482")]
    [InlineData("987", 2, "02987")]
    [InlineData("007", 12, "12007")]
    public void WireFormIsTheTriplePrefixedByATwoDigitSign(string triple, int? sign, string wire) =>
        Assert.Equal(wire, new DrawResult(triple, sign).ToWire());

    [Fact]
    public void TripleForLeonAndSignWithTripleForTripletonAreValid()
    {
        Assert.Empty(DrawResultRules.Validate(Leon, new DrawResult("482", null)));
        Assert.Empty(DrawResultRules.Validate(Tripleton, new DrawResult("987", 2)));
    }

    [Fact]
    public void ZodiacDrawResultWithoutASignIsRefused() =>
        Assert.Equal(["sign"], Fields(DrawResultRules.Validate(Tripleton, new DrawResult("987", null))));

    [Fact]
    public void NonZodiacDrawResultWithASignIsRefused() =>
        Assert.Equal(["sign"], Fields(DrawResultRules.Validate(Leon, new DrawResult("482", 2))));

    [Theory]
    [InlineData(0)]
    [InlineData(13)]
    [InlineData(-2)]
    public void SignOutsideOneToTwelveIsRefused(int sign) =>
        Assert.Equal(["sign"], Fields(DrawResultRules.Validate(Tripleton, new DrawResult("987", sign))));

    [Theory]
    [InlineData("48")]
    [InlineData("4820")]
    [InlineData("48a")]
    [InlineData("")]
    [InlineData(null)]
    public void TripleMustBeExactlyThreeDigits(string? triple) =>
        Assert.Equal(["triple"], Fields(DrawResultRules.Validate(Leon, new DrawResult(triple!, null))));

    [Fact]
    public void MissingResultIsRefused() => Assert.Equal(["result"], Fields(DrawResultRules.Validate(Leon, null)));

    [Theory]
    [InlineData(1, "ARIES")]
    [InlineData(2, "TAURO")]
    [InlineData(8, "ESCORPION")]
    [InlineData(12, "PISCIS")]
    public void SignsHaveTheDocumentsNames(int code, string name) => Assert.Equal(name, ZodiacSigns.NameOf(code));

    [Theory]
    [InlineData(0)]
    [InlineData(13)]
    public void SignCodesOutsideOneToTwelveHaveNoName(int code) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ZodiacSigns.NameOf(code));

    private static IEnumerable<string> Fields(IReadOnlyList<FieldError> errors) => errors.Select(e => e.Field);
}
