using Lottopar.Grains.Validation;
using Xunit;

namespace Lottopar.Grains.Tests.Validation;

public sealed class BrazilianPhoneTests
{
    // ANATEL's DDD assignment, written out independently of the implementation's table.
    private static readonly int[] AssignedDdds =
    [
        11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 22, 24, 27, 28, 31, 32, 33, 34, 35, 37, 38,
        41, 42, 43, 44, 45, 46, 47, 48, 49, 51, 53, 54, 55, 61, 62, 63, 64, 65, 66, 67, 68, 69,
        71, 73, 74, 75, 77, 79, 81, 82, 83, 84, 85, 86, 87, 88, 89, 91, 92, 93, 94, 95, 96, 97, 98, 99,
    ];

    [Theory]
    [InlineData("+55 (41) 99876-5432")]
    [InlineData("(41) 99876-5432")]
    [InlineData("41998765432")]
    [InlineData("41 9 9876-5432")]
    [InlineData("41.99876.5432")]
    [InlineData("+5541998765432")]
    [InlineData("5541998765432")]
    [InlineData("041 99876-5432")]
    [InlineData("0xx41 99876-5432")]
    [InlineData("0XX (41) 99876-5432")]
    [InlineData("0 15 41 99876-5432")]
    public void NormalizesMobileNumbersToE164(string input)
    {
        Assert.True(BrazilianPhone.TryNormalize(input, PhoneKind.Mobile, out var e164));
        Assert.Equal("+5541998765432", e164);
    }

    [Theory]
    [InlineData("+55 (41) 3333-4444")]
    [InlineData("(41) 3333-4444")]
    [InlineData("4133334444")]
    [InlineData("554133334444")]
    [InlineData("041 3333-4444")]
    [InlineData("0xx41 3333-4444")]
    [InlineData("0 21 41 3333-4444")]
    public void NormalizesLandlinesToE164(string input)
    {
        Assert.True(BrazilianPhone.TryNormalize(input, PhoneKind.Landline, out var e164));
        Assert.Equal("+554133334444", e164);
    }

    [Theory]
    [InlineData("(11) 2345-6789", "+551123456789")]
    [InlineData("(61) 4000-1234", "+556140001234")]
    [InlineData("(99) 5123-4567", "+559951234567")]
    public void AcceptsEveryLandlinePrefix(string input, string expected)
    {
        Assert.True(BrazilianPhone.TryNormalize(input, PhoneKind.Landline, out var e164));
        Assert.Equal(expected, e164);
    }

    [Fact]
    public void AcceptsExactlyTheAssignedAreaCodes()
    {
        for (var ddd = 0; ddd <= 99; ddd++)
        {
            var mobile = $"({ddd:00}) 91234-5678";
            var landline = $"({ddd:00}) 3123-4567";
            var assigned = AssignedDdds.Contains(ddd);
            Assert.True(assigned == BrazilianPhone.TryNormalize(mobile, PhoneKind.Mobile, out _), mobile);
            Assert.True(assigned == BrazilianPhone.TryNormalize(landline, PhoneKind.Landline, out _), landline);
        }
    }

    [Theory]
    [InlineData(null, PhoneKind.Mobile)]
    [InlineData("", PhoneKind.Mobile)]
    [InlineData("(41) 3333-4444", PhoneKind.Mobile)] // a landline where a mobile is expected
    [InlineData("(41) 99876-5432", PhoneKind.Landline)]
    [InlineData("(41) 8987-6543", PhoneKind.Mobile)] // pre-2016 eight-digit mobile
    [InlineData("(41) 89876-5432", PhoneKind.Mobile)]
    [InlineData("(41) 6333-4444", PhoneKind.Landline)]
    [InlineData("(41) 1333-4444", PhoneKind.Landline)]
    [InlineData("(20) 99876-5432", PhoneKind.Mobile)] // unassigned DDD
    [InlineData("(23) 3333-4444", PhoneKind.Landline)]
    [InlineData("(90) 99876-5432", PhoneKind.Mobile)]
    [InlineData("+1 (41) 99876-5432", PhoneKind.Mobile)]
    [InlineData("+351 912 345 678", PhoneKind.Mobile)]
    [InlineData("+55 41 99876-543", PhoneKind.Mobile)]
    [InlineData("+55 41 99876-54321", PhoneKind.Mobile)]
    [InlineData("998765432", PhoneKind.Mobile)] // no DDD
    [InlineData("41 99876/5432", PhoneKind.Mobile)]
    [InlineData("41 99876-543a", PhoneKind.Mobile)]
    [InlineData("00 41 99876-5432", PhoneKind.Mobile)]
    [InlineData("+55 0xx41 99876-5432", PhoneKind.Mobile)]
    [InlineData("４１９９８７６５４３２", PhoneKind.Mobile)] // full-width digits
    [InlineData("41998765432", (PhoneKind)7)]
    public void Rejects(string? input, PhoneKind kind)
    {
        Assert.False(BrazilianPhone.TryNormalize(input, kind, out var e164));
        Assert.Equal(string.Empty, e164);
    }

    [Theory]
    [InlineData("+5541998765432", "+55 (41) 99876-5432")]
    [InlineData("+554133334444", "+55 (41) 3333-4444")]
    public void Formats(string e164, string expected) =>
        Assert.Equal(expected, BrazilianPhone.Format(e164));

    [Theory]
    [InlineData("41998765432")]
    [InlineData("+55 (41) 99876-5432")]
    [InlineData("+5520998765432")]
    [InlineData("+5541898765432")]
    public void FormatRefusesAnythingButE164(string value) =>
        Assert.Throws<ArgumentException>(() => BrazilianPhone.Format(value));
}
