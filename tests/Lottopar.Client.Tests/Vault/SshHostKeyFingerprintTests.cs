using Lottopar.Client.Vault;
using Lottopar.Testing;
using Xunit;

namespace Lottopar.Client.Tests.Vault;

/// <summary>The host-key pin of <see cref="VaultSftpPusher"/>, against what ssh-keygen prints for the same key.</summary>
public sealed class SshHostKeyFingerprintTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("lottopar-vault-hostkey-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("ed25519")]
    [InlineData("rsa")]
    [InlineData("ecdsa")]
    public void TheFingerprintIsWhatSshKeygenPrints(string type)
    {
        var (blob, printed) = NewKey(type);

        Assert.Equal(printed, SshHostKeyFingerprint.Of(blob));
        Assert.StartsWith("SHA256:", printed, StringComparison.Ordinal);
    }

    [Fact]
    public void OnlyThePinnedKeyIsTrusted()
    {
        var (blob, printed) = NewKey("ed25519");
        var (other, _) = NewKey("ed25519", "other");

        Assert.True(SshHostKeyFingerprint.Matches(printed, blob));
        Assert.True(SshHostKeyFingerprint.Matches(printed + "=", blob));
        Assert.False(SshHostKeyFingerprint.Matches(printed, other));
        Assert.False(SshHostKeyFingerprint.Matches(printed["SHA256:".Length..], blob));
        Assert.False(SshHostKeyFingerprint.Matches(printed.ToUpperInvariant(), blob));
        Assert.False(SshHostKeyFingerprint.Matches("", blob));
    }

    /// <summary>A new key's public blob and the fingerprint <c>ssh-keygen -lf</c> prints for it.</summary>
    private (byte[] Blob, string Printed) NewKey(string type, string name = "host")
    {
        var path = Path.Combine(_directory, $"{name}_{type}");
        ExternalTool.Run("ssh-keygen", "-q", "-t", type, "-N", "", "-C", "test", "-f", path);
        var printed = ExternalTool.Run("ssh-keygen", "-lf", path + ".pub").Split(' ')[1];
        var blob = Convert.FromBase64String(File.ReadAllText(path + ".pub").Split(' ')[1]);
        Assert.Equal(printed, SshHostKeyFingerprint.OfPublicKeyLine(File.ReadAllText(path + ".pub")));
        return (blob, printed);
    }
}
