using Lottopar.GrainInterfaces.Common;
using Xunit;

namespace Lottopar.Grains.Tests.Keys;

/// <summary>Keys of personal-data grains: stable under one secret, another under another, never the value or a plain hash of it.</summary>
public sealed class PersonalGrainKeysTests
{
    private static readonly byte[] Secret = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];

    [Fact]
    public void APlayersKeyIsStableUnderOneSecretAndHidesTheCpf()
    {
        var keys = new PersonalGrainKeys(Secret);

        var key = keys.Player("12345678909");

        Assert.Equal(key, new PersonalGrainKeys([.. Secret]).Player("12345678909"));
        Assert.Matches("^p[0-9a-f]{32}$", key);
        Assert.DoesNotContain("12345678909", key);
        Assert.DoesNotContain(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("12345678909"u8))[..32], key);
        Assert.NotEqual(key, keys.Player("98765432100"));
    }

    [Fact]
    public void AStaffAccountsKeyHidesTheEmailAndDiffersFromAnyPlayersKey()
    {
        var keys = new PersonalGrainKeys(Secret);

        var key = keys.StaffAccount("ana@lottopar.pr.gov.br");

        Assert.Matches("^s[0-9a-f]{32}$", key);
        Assert.DoesNotContain("ana", key);
        Assert.Equal(key, keys.StaffAccount("ana@lottopar.pr.gov.br"));
        Assert.NotEqual(key, keys.StaffAccount("bia@lottopar.pr.gov.br"));
    }

    [Fact]
    public void AnotherSecretGivesAnotherKeyAndAShortSecretIsRefused()
    {
        var other = Secret.Select(b => (byte)(b ^ 0xFF)).ToArray();

        Assert.NotEqual(new PersonalGrainKeys(Secret).Player("12345678909"), new PersonalGrainKeys(other).Player("12345678909"));
        Assert.Throws<ArgumentException>(() => new PersonalGrainKeys(new byte[31]));
    }
}
