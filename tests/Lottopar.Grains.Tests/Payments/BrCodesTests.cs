using Lottopar.Grains.Payments;
using Xunit;

namespace Lottopar.Grains.Tests.Payments;

public sealed class BrCodesTests
{
    // The static example of the Banco Central's BR Code manual (key, name, city; CRC 1D3D).
    private const string ManualExample =
        "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D";

    [Fact]
    public void TheManualsExampleIsValid() => Assert.True(BrCodes.IsValid(ManualExample));

    [Fact]
    public void CrcIsTheCcittFalseVariant() => Assert.Equal(0x29B1, BrCodes.Crc16("123456789"));

    [Theory]
    [InlineData(ManualExample + "0")]
    [InlineData("00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3E")]
    [InlineData("00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***6304")]
    [InlineData("01020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D")]
    [InlineData("00020126990014br.gov.bcb.pix")]
    [InlineData("")]
    [InlineData(null)]
    public void DamagedCodesAreNot(string? code) => Assert.False(BrCodes.IsValid(code));

    [Fact]
    public void AnyChangedCharacterIsCaught()
    {
        for (var i = 0; i < ManualExample.Length - 4; i++)
        {
            var changed = ManualExample[..i] + (ManualExample[i] == 'x' ? 'y' : 'x') + ManualExample[(i + 1)..];
            Assert.False(BrCodes.IsValid(changed), $"position {i}");
        }
    }
}
