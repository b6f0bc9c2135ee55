using System.IO.Compression;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Lottopar.Grains.Vault;
using Lottopar.Testing;
using Xunit;

namespace Lottopar.Grains.Tests.Vault;

/// <summary>
/// Files made by the openssl command line exactly as docs/vault-format.md tells operators, opened
/// by the vault. Certificates and keys come from openssl too, once per test class.
/// </summary>
public sealed class VaultEnvelopeTests(VaultEnvelopeTests.Keys keys) : IClassFixture<VaultEnvelopeTests.Keys>
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

    /// <summary>The vault's key and certificate, the operator's and a stranger's, made with openssl in a temporary directory.</summary>
    public sealed class Keys : IDisposable
    {
        private readonly string _directory = Directory.CreateTempSubdirectory("lottopar-vault-keys-").FullName;

        public Keys()
        {
            foreach (var (name, algorithm) in new[] { ("vault", "rsa:2048"), ("stranger-vault", "rsa:2048") })
            {
                ExternalTool.Run("openssl", "req", "-x509", "-newkey", algorithm, "-nodes", "-keyout", PathOf(name + ".key"), "-out", PathOf(name + ".crt"),
                    "-days", "30", "-subj", $"/CN=LOTTOPAR {name}");
            }

            foreach (var name in new[] { "operator", "stranger" })
            {
                ExternalTool.Run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", PathOf(name + ".key"),
                    "-out", PathOf(name + ".crt"), "-days", "2", "-subj", $"/CN=OPR-000042 {name}");
            }

            Vault = X509Certificate2.CreateFromPemFile(PathOf("vault.crt"), PathOf("vault.key"));
        }

        public X509Certificate2 Vault { get; }

        public X509Certificate2 Certificate(string name) => X509CertificateLoader.LoadCertificateFromFile(PathOf(name + ".crt"));

        /// <summary>The documented commands: optionally gzip, sign, encrypt.</summary>
        public byte[] Make(byte[] xml, bool gzip = false, string signer = "operator", string recipient = "vault") =>
            Encrypt(Sign(gzip ? Gzip(xml) : xml, signer), recipient: recipient);

        public byte[] Sign(byte[] content, string signer = "operator", string digest = "sha256") => Transform(content, (input, output) => [
            "cms", "-sign", "-binary", "-nodetach", "-md", digest, "-in", input, "-signer", PathOf(signer + ".crt"), "-inkey", PathOf(signer + ".key"), "-outform", "DER", "-out", output]);

        public byte[] Encrypt(byte[] content, string recipient = "vault", string cipher = "-aes-256-cbc") => Transform(content, (input, output) => [
            "cms", "-encrypt", "-binary", cipher, "-in", input, "-outform", "DER", "-out", output, PathOf(recipient + ".crt")]);

        public void Dispose() => Directory.Delete(_directory, recursive: true);

        private byte[] Transform(byte[] content, Func<string, string, string[]> arguments)
        {
            var input = PathOf(Guid.NewGuid().ToString("N"));
            var output = input + ".out";
            File.WriteAllBytes(input, content);
            ExternalTool.Run("openssl", arguments(input, output));
            return File.ReadAllBytes(output);
        }

        private static byte[] Gzip(byte[] content)
        {
            // The same format as gzip -9 -n: the vault recognises gzip by its first bytes.
            using var output = new MemoryStream();
            using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize))
            {
                gzip.Write(content);
            }

            return output.ToArray();
        }

        private string PathOf(string name) => Path.Combine(_directory, name);
    }
}
