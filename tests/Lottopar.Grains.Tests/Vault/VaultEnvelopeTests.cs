using System.Text;
using Lottopar.Grains.Vault;
using Xunit;

namespace Lottopar.Grains.Tests.Vault;

/// <summary>
/// Files made by the openssl command line exactly as docs/vault-format.md tells operators, opened
/// by the vault. Certificates and keys come from openssl too, once per test class.
/// </summary>
public sealed class VaultEnvelopeTests(OpensslVaultKeys keys) : IClassFixture<OpensslVaultKeys>
{
    private static readonly byte[] Xml = Encoding.UTF8.GetBytes(VaultFiles.File(VaultFiles.OneOfEach()).ToString());

    [Fact]
    public void AFileSignedAndEncryptedWithOpensslOpensToItsXml()
    {
        var opened = Open(keys.Make(Xml));

        Assert.Null(opened.Error);
        Assert.Equal(Xml, opened.Xml);
        Assert.True(VaultFiles.Read(Encoding.UTF8.GetString(opened.Xml!)).Accepted);
    }

    [Fact]
    public void AGzippedFileOpensToItsXml()
    {
        var opened = Open(keys.Make(Xml, gzip: true));

        Assert.Null(opened.Error);
        Assert.Equal(Xml, opened.Xml);
    }

    [Fact]
    public void EveryByteChangedAnywhereIsDetected()
    {
        var file = keys.Make(Xml);
        var accepted = new List<int>();
        for (var i = 0; i < file.Length; i++)
        {
            var changed = (byte[])file.Clone();
            changed[i] ^= 0x01;
            if (Open(changed).Error is null)
            {
                accepted.Add(i);
            }
        }

        Assert.Empty(accepted);
    }

    [Fact]
    public void AFileSignedByAnotherKeyIsAnUnknownSigner()
    {
        var opened = Open(keys.Make(Xml, signer: "stranger"));

        Assert.Equal("unknown_signer", opened.Error!.Code);
        Assert.Contains("unknown_signer", VaultEnvelope.SecurityCodes);
    }

    [Fact]
    public void AFileArrivingAfterItsCertificateExpiredIsRefused()
    {
        var file = keys.Make(Xml);
        var expiry = new DateTimeOffset(keys.Certificate("operator").NotAfter.ToUniversalTime());

        Assert.Null(Open(file, expiry.AddMinutes(-1)).Error);
        Assert.Equal("certificate_expired", Open(file, expiry.AddMinutes(1)).Error!.Code);
    }

    [Fact]
    public void ASignedButUnencryptedFileIsRefused()
    {
        Assert.Equal("not_encrypted", Open(keys.Sign(Xml)).Error!.Code);
        Assert.Equal("not_encrypted", Open(Xml).Error!.Code);
    }

    [Fact]
    public void AFileEncryptedToAnotherRecipientIsRefused()
    {
        Assert.Equal("not_for_this_vault", Open(keys.Make(Xml, recipient: "stranger-vault")).Error!.Code);
        Assert.Equal("not_for_this_vault", Open(keys.Make(Xml, recipient: "operator")).Error!.Code);
    }

    [Fact]
    public void AnEncryptedButUnsignedFileIsRefused()
    {
        Assert.Equal("not_signed", Open(keys.Encrypt(Xml)).Error!.Code);
    }

    [Fact]
    public void AesWith128BitKeysIsRefused()
    {
        Assert.Equal("weak_encryption", Open(keys.Encrypt(keys.Sign(Xml), cipher: "-aes-128-cbc")).Error!.Code);
    }

    [Fact]
    public void ASha1SignatureIsRefused()
    {
        Assert.Equal("weak_digest", Open(keys.Encrypt(keys.Sign(Xml, digest: "sha1"))).Error!.Code);
    }

    [Fact]
    public void GzipThatExpandsBeyondItsLimitIsRefused()
    {
        // 100 KiB of zeros compresses about a thousandfold.
        var opened = Open(keys.Make(new byte[100 * 1024], gzip: true));

        Assert.Equal("compression_bomb", opened.Error!.Code);
    }

    private VaultEnvelopeResult Open(byte[] file, DateTimeOffset? receivedAt = null) =>
        VaultEnvelope.Open(file, keys.Vault, [keys.Certificate("operator")], receivedAt ?? DateTimeOffset.UtcNow);
}
