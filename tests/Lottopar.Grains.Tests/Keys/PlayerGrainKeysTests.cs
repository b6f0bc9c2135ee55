using Lottopar.GrainInterfaces.Betting;
using Xunit;

namespace Lottopar.Grains.Tests.Keys;

/// <summary>A player's grain key: stable under one secret, another under another, never the CPF or a plain hash of it.</summary>
public sealed class PlayerGrainKeysTests
{
    private static readonly byte[] Secret = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];

    [Fact]
    public void TheKeyIsStableUnderOneSecretAndHidesTheCpf()
    {
        var keys = new PlayerGrainKeys(Secret);

        var key = keys.Of("12345678909");

        Assert.Equal(key, new PlayerGrainKeys([.. Secret]).Of("12345678909"));
        Assert.Matches("^p[0-9a-f]{32}$", key);
        Assert.DoesNotContain("12345678909", key);
        Assert.DoesNotContain(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("12345678909"u8))[..32], key);
        Assert.NotEqual(key, keys.Of("98765432100"));
    }

    [Fact]
    public void AnotherSecretGivesAnotherKeyAndAShortSecretIsRefused()
    {
        var other = Secret.Select(b => (byte)(b ^ 0xFF)).ToArray();

        Assert.NotEqual(new PlayerGrainKeys(Secret).Of("12345678909"), new PlayerGrainKeys(other).Of("12345678909"));
        Assert.Throws<ArgumentException>(() => new PlayerGrainKeys(new byte[31]));
    }
}
