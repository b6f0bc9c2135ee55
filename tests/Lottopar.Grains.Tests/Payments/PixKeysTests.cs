using Lottopar.Grains.Payments;
using Xunit;

namespace Lottopar.Grains.Tests.Payments;

public sealed class PixKeysTests
{
    [Theory]
    [InlineData("52998224725", "CPF")]
    [InlineData("jogador@example.com", "EMAIL")]
    [InlineData("+5541999998888", "TELEFONE")]
    [InlineData("123e4567-e89b-12d3-a456-426614174000", "EVP")]
    [InlineData("52998224700", null)] // 11 digits, wrong check digits
    [InlineData("@example.com", null)]
    [InlineData("jogador@", null)]
    [InlineData("+55 41 99999 8888", null)]
    [InlineData("+55419999988881234", null)]
    [InlineData("not a key", null)]
    [InlineData("", null)]
    public void KeysAreTheDictsFourTypesAndNothingElse(string key, string? type) => Assert.Equal(type, PixKeys.TypeOf(key));

    [Fact]
    public void AKeyLongerThanTheDictAllowsIsNone() => Assert.Null(PixKeys.TypeOf(new string('a', 70) + "@example.com"));

    [Theory]
    [InlineData("52998224725", "***.982.247-**")]
    [InlineData("jogador@example.com", "j***@example.com")]
    [InlineData("+5541999998888", "+55*******8888")]
    [InlineData("123e4567-e89b-12d3-a456-426614174000", "123e4567-****")]
    public void MaskedKeysShowTooLittleToNameThePerson(string key, string masked) => Assert.Equal(masked, PixKeys.Mask(key));
}
