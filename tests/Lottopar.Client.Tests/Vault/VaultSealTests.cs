using System.IO.Compression;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Lottopar.Client.Vault;
using Lottopar.Testing;
using Xunit;

namespace Lottopar.Client.Tests.Vault;

/// <summary>
/// Files sealed by the client and the <c>lottopar vault seal</c> command, opened by the openssl
/// command line exactly as LOTTOPAR's vault (or an auditor) can: decrypt with the vault's key, then
/// verify against the operator's certificate.
/// </summary>
public sealed class VaultSealTests : IDisposable
{
    private const string Xml = """
        <vault_file xmlns="urn:lottopar:vault:1" version="1"><header><oprid>OPR-000042</oprid><sequence>42</sequence><hour>2026-12-03T23:00:00-03:00</hour><part>2</part><parts>3</parts><created_at>2026-12-04T00:00:05-03:00</created_at></header><records/></vault_file>
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("lottopar-vault-seal-").FullName;

    public VaultSealTests()
    {
        Openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", PathOf("vault.key"), "-out", PathOf("vault.crt"), "-days", "30", "-subj", "/CN=LOTTOPAR cofre");
        Openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", PathOf("ec.key"), "-out", PathOf("ec.crt"), "-days", "30", "-subj", "/CN=OPR-000042 ec");
        Openssl("req", "-x509", "-newkey", "rsa:3072", "-nodes", "-keyout", PathOf("rsa.key"), "-out", PathOf("rsa.crt"), "-days", "30", "-subj", "/CN=OPR-000042 rsa");
        File.WriteAllText(PathOf("hour.xml"), Xml);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("ec")]
    [InlineData("rsa")]
    public void OpensslDecryptsTheSealedFileAndVerifiesTheOperatorsSignature(string signer)
    {
        var xml = Encoding.UTF8.GetBytes(Xml);
        using var certificate = X509Certificate2.CreateFromPemFile(PathOf(signer + ".crt"), PathOf(signer + ".key"));
        using var vault = X509CertificateLoader.LoadCertificateFromFile(PathOf("vault.crt"));
        File.WriteAllBytes(PathOf("sealed.p7m"), VaultFileSealer.Seal(xml, certificate, vault));

        Assert.Equal(xml, OpenWithOpenssl(PathOf("sealed.p7m"), signer));
    }

    [Fact]
    public void AGzippedFileCarriesTheCompressedXml()
    {
        var xml = Encoding.UTF8.GetBytes(Xml);
        using var certificate = X509Certificate2.CreateFromPemFile(PathOf("ec.crt"), PathOf("ec.key"));
        using var vault = X509CertificateLoader.LoadCertificateFromFile(PathOf("vault.crt"));
        File.WriteAllBytes(PathOf("sealed.p7m"), VaultFileSealer.Seal(xml, certificate, vault, gzip: true));

        using var gzip = new GZipStream(new MemoryStream(OpenWithOpenssl(PathOf("sealed.p7m"), "ec")), CompressionMode.Decompress);
        using var content = new MemoryStream();
        gzip.CopyTo(content);
        Assert.Equal(xml, content.ToArray());
    }

    [Fact]
    public void AFileSealedForAnotherVaultDoesNotOpen()
    {
        Openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", PathOf("other.key"), "-out", PathOf("other.crt"), "-days", "30", "-subj", "/CN=other");
        using var certificate = X509Certificate2.CreateFromPemFile(PathOf("ec.crt"), PathOf("ec.key"));
        using var other = X509CertificateLoader.LoadCertificateFromFile(PathOf("other.crt"));
        File.WriteAllBytes(PathOf("sealed.p7m"), VaultFileSealer.Seal(Encoding.UTF8.GetBytes(Xml), certificate, other));

        Assert.Throws<InvalidOperationException>(() => OpenWithOpenssl(PathOf("sealed.p7m"), "ec"));
    }

    [Fact]
    public async Task TheSealCommandNamesTheFileFromItsHeaderInUtc()
    {
        var (exitCode, output) = await CliHarness.RunAsync(["vault", "seal", "--in", PathOf("hour.xml"), "--signer-cert", PathOf("ec.crt"),
            "--signer-key", PathOf("ec.key"), "--vault-cert", PathOf("vault.crt"), "--out-dir", PathOf("out")]);

        Assert.Equal(0, exitCode);
        // 23:00 in Brasília is 02:00 UTC of the next day; part 2 of 3.
        var path = PathOf(Path.Combine("out", "OPR-000042_2026120402_00000042_002-003.xml.p7m"));
        Assert.StartsWith(path + " sha256=", output.Trim(), StringComparison.Ordinal);
        Assert.Equal(Encoding.UTF8.GetBytes(Xml), OpenWithOpenssl(path, "ec"));
    }

    [Fact]
    public async Task TheSealCommandExplainsAMissingKeyAndExitsOne()
    {
        var (exitCode, output) = await CliHarness.RunAsync(["vault", "seal", "--in", PathOf("hour.xml"), "--signer-cert", PathOf("ec.crt"),
            "--signer-key", PathOf("missing.key"), "--vault-cert", PathOf("vault.crt"), "--out-dir", PathOf("out")]);

        Assert.Equal(1, exitCode);
        Assert.Contains("lottopar vault seal:", output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(PathOf("out")));
    }

    [Fact]
    public void NamesSortByHourThenSequence()
    {
        var hour = new DateTimeOffset(2026, 12, 3, 23, 0, 0, TimeSpan.FromHours(-3));
        var names = new[]
        {
            VaultFileName.Of("OPR-000042", hour.AddHours(1), 9),
            VaultFileName.Of("OPR-000042", hour, 10, part: 2, parts: 2),
            VaultFileName.Of("OPR-000042", hour, 9, part: 1, parts: 2),
        };

        Assert.Equal([names[2], names[1], names[0]], names.Order(StringComparer.Ordinal));
        Assert.Equal("OPR-000042_2026120402_00000009_001-002.xml.p7m", names[2]);
    }

    /// <summary>openssl cms -decrypt with the vault's key, then -verify against the signer's certificate; the signed content.</summary>
    private byte[] OpenWithOpenssl(string file, string signer)
    {
        Openssl("cms", "-decrypt", "-binary", "-inform", "DER", "-in", file, "-inkey", PathOf("vault.key"), "-recip", PathOf("vault.crt"), "-out", PathOf("signed.der"));
        Openssl("cms", "-verify", "-binary", "-inform", "DER", "-in", PathOf("signed.der"), "-CAfile", PathOf(signer + ".crt"), "-out", PathOf("content"));
        return File.ReadAllBytes(PathOf("content"));
    }

    private static void Openssl(params string[] arguments) => ExternalTool.Run("openssl", arguments);

    private string PathOf(string name) => Path.Combine(_directory, name);
}
