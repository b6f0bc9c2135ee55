using System.Globalization;
using Lottopar.Grains.Validation;
using Lottopar.Testing;
using Xunit;

namespace Lottopar.Grains.Tests.Validation;

/// <summary>
/// Certificates generated once per test class by the real openssl CLI; expected thumbprints and dates are read
/// back with openssl too.
/// </summary>
public sealed class CertificateFixture : IDisposable
{
    private const string OpenSsl = "/usr/bin/openssl";
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("lottopar-cert-");

    public CertificateFixture()
    {
        Rsa3072 = Generate("rsa3072", ["-newkey", "rsa:3072"], "Lottopar Test RSA", 30);
        EcP256 = Generate("p256", ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"], "Lottopar Test P-256", 30);
        EcP384 = Generate("p384", ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-384"], "Lottopar Test P-384", 30);
        EcP521 = Generate("p521", ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-521"], "Lottopar Test P-521", 30);
        Ed25519 = Generate("ed25519", ["-newkey", "ed25519"], "Lottopar Test Ed25519", 30);
        Rsa1024 = Generate("rsa1024", ["-newkey", "rsa:1024"], "Lottopar Test RSA-1024", 30);
        OneDay = Generate("oneday", ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"], "Lottopar Test One Day", 1);
        SigningUsage = Generate(
            "ku-sig",
            ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-addext", "keyUsage=critical,digitalSignature,nonRepudiation"],
            "Lottopar Test Signing Usage",
            30);
        CaOnlyUsage = Generate(
            "ku-ca",
            ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-addext", "keyUsage=critical,keyCertSign,cRLSign"],
            "Lottopar Test CA Usage",
            30);
    }

    public GeneratedCertificate Rsa3072 { get; }

    public GeneratedCertificate EcP256 { get; }

    public GeneratedCertificate EcP384 { get; }

    public GeneratedCertificate EcP521 { get; }

    public GeneratedCertificate Ed25519 { get; }

    public GeneratedCertificate Rsa1024 { get; }

    public GeneratedCertificate OneDay { get; }

    public GeneratedCertificate SigningUsage { get; }

    public GeneratedCertificate CaOnlyUsage { get; }

    public void Dispose() => _directory.Delete(recursive: true);

    private GeneratedCertificate Generate(string name, string[] keyArguments, string commonName, int days)
    {
        var keyPath = Path.Combine(_directory.FullName, name + ".key");
        var certificatePath = Path.Combine(_directory.FullName, name + ".crt");
        ExternalTool.Run(
            OpenSsl,
            [
                "req", "-x509", "-nodes", "-sha256",
                .. keyArguments,
                "-keyout", keyPath,
                "-out", certificatePath,
                "-days", days.ToString(CultureInfo.InvariantCulture),
                "-subj", $"/C=BR/O=LOTTOPAR/CN={commonName}",
            ]);

        // "sha256 Fingerprint=AB:CD:..." and "notBefore=2026-01-27 10:00:00Z"
        var fingerprint = ExternalTool.Run(OpenSsl, "x509", "-in", certificatePath, "-noout", "-fingerprint", "-sha256");
        var dates = ExternalTool.Run(OpenSsl, "x509", "-in", certificatePath, "-noout", "-dates", "-dateopt", "iso_8601")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split('=', 2))
            .ToDictionary(p => p[0], p => DateTimeOffset.Parse(p[1], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal));

        return new GeneratedCertificate(
            File.ReadAllText(certificatePath),
            File.ReadAllText(keyPath),
            commonName,
            fingerprint.Trim().Split('=', 2)[1].Replace(":", string.Empty, StringComparison.Ordinal),
            dates["notBefore"],
            dates["notAfter"]);
    }
}

public sealed record GeneratedCertificate(string Pem, string PrivateKeyPem, string CommonName, string OpenSslSha256, DateTimeOffset NotBefore, DateTimeOffset NotAfter)
{
    /// <summary>An instant inside the validity period.</summary>
    public DateTimeOffset During => NotBefore.AddHours(1);

    public override string ToString() => CommonName;
}

public sealed class SigningCertificateTests(CertificateFixture certificates) : IClassFixture<CertificateFixture>
{
    public static TheoryData<string, string> AcceptedKinds => new()
    {
        { nameof(CertificateFixture.Rsa3072), "RSA" },
        { nameof(CertificateFixture.EcP256), "ECDSA P-256" },
        { nameof(CertificateFixture.EcP384), "ECDSA P-384" },
        { nameof(CertificateFixture.SigningUsage), "ECDSA P-256" },
    };

    [Theory]
    [MemberData(nameof(AcceptedKinds))]
    public void AcceptsSigningCertificatesAndMatchesOpenSsl(string kind, string keyAlgorithm)
    {
        var generated = Get(kind);
        Assert.True(SigningCertificate.TryParse(generated.Pem, generated.During, out var certificate, out var error), error);
        Assert.Null(error);
        Assert.Equal(generated.OpenSslSha256, certificate.ThumbprintSha256);
        Assert.Equal(keyAlgorithm, certificate.KeyAlgorithm);
        Assert.Equal(generated.NotBefore, certificate.NotBefore);
        Assert.Equal(generated.NotAfter, certificate.NotAfter);
        Assert.Equal(TimeSpan.Zero, certificate.NotAfter.Offset);
        Assert.Contains($"CN={generated.CommonName}", certificate.Subject, StringComparison.Ordinal);
        Assert.Contains("O=LOTTOPAR", certificate.Subject, StringComparison.Ordinal);

        // openssl writes the same canonical PEM (64-character lines, LF).
        Assert.Equal(generated.Pem.Trim(), certificate.Pem.Trim());
    }

    [Fact]
    public void NormalizesLineEndingsAndIgnoresSurroundingText()
    {
        var generated = certificates.Rsa3072;
        var messy = "Bag Attributes\r\n    friendlyName: assinatura\r\nsubject=CN = x\r\n\r\n" + generated.Pem.Replace("\n", "\r\n", StringComparison.Ordinal) + "\r\n\r\n";
        Assert.True(SigningCertificate.TryParse(messy, generated.During, out var certificate, out var error), error);
        Assert.Equal(generated.Pem.Trim(), certificate.Pem.Trim());
        Assert.Equal(generated.OpenSslSha256, certificate.ThumbprintSha256);
    }

    [Fact]
    public void RefusesExpiredAndNotYetValidCertificates()
    {
        var generated = certificates.OneDay;
        Assert.True(SigningCertificate.TryParse(generated.Pem, generated.NotBefore, out _, out _));
        Assert.True(SigningCertificate.TryParse(generated.Pem, generated.NotAfter, out _, out _));

        Assert.False(SigningCertificate.TryParse(generated.Pem, generated.NotBefore.AddDays(2), out var certificate, out var error));
        Assert.Null(certificate);
        Assert.Contains("expired", error, StringComparison.Ordinal);

        Assert.False(SigningCertificate.TryParse(generated.Pem, generated.NotBefore.AddSeconds(-1), out _, out error));
        Assert.Contains("not valid yet", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(nameof(CertificateFixture.Rsa1024), "at least 2048 bits")]
    [InlineData(nameof(CertificateFixture.EcP521), "P-256 or P-384")]
    [InlineData(nameof(CertificateFixture.Ed25519), "Unsupported key algorithm")]
    [InlineData(nameof(CertificateFixture.CaOnlyUsage), "digitalSignature")]
    public void RefusesUnsuitableKeys(string kind, string reason)
    {
        var generated = Get(kind);
        Assert.False(SigningCertificate.TryParse(generated.Pem, generated.During, out var certificate, out var error));
        Assert.Null(certificate);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void RefusesAnyTextContainingAPrivateKey()
    {
        var generated = certificates.EcP256;
        foreach (var pem in new[] { generated.PrivateKeyPem + generated.Pem, generated.Pem + generated.PrivateKeyPem, generated.PrivateKeyPem })
        {
            Assert.False(SigningCertificate.TryParse(pem, generated.During, out _, out var error));
            Assert.Contains("Never send a private key", error, StringComparison.Ordinal);
        }

        var rsa = "-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAK\n-----END RSA PRIVATE KEY-----\n" + generated.Pem;
        Assert.False(SigningCertificate.TryParse(rsa, generated.During, out _, out var rsaError));
        Assert.Contains("private key", rsaError, StringComparison.Ordinal);
    }

    [Fact]
    public void RefusesChainsAndOtherBlocks()
    {
        var a = certificates.Rsa3072;
        Assert.False(SigningCertificate.TryParse(a.Pem + certificates.EcP256.Pem, a.During, out _, out var error));
        Assert.Contains("exactly one certificate", error, StringComparison.Ordinal);

        var publicKey = "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----\n";
        Assert.False(SigningCertificate.TryParse(publicKey + a.Pem, a.During, out _, out error));
        Assert.Contains("other PEM blocks", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "empty")]
    [InlineData("", "empty")]
    [InlineData("MIIB...", "No \"-----BEGIN CERTIFICATE-----\" block")]
    [InlineData("-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n", "malformed")]
    [InlineData("-----BEGIN CERTIFICATE-----\nMIIB\n", "malformed")]
    [InlineData("-----BEGIN CERTIFICATE-----\nAAAAAAAA\n-----END CERTIFICATE-----\n", "X.509")]
    public void RefusesMalformedInput(string? pem, string reason)
    {
        Assert.False(SigningCertificate.TryParse(pem, DateTimeOffset.UtcNow, out var certificate, out var error));
        Assert.Null(certificate);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void RefusesACorruptedCertificateWithoutThrowing()
    {
        var generated = certificates.Rsa3072;
        var der = Convert.FromBase64String(string.Concat(generated.Pem.Split('\n').Where(l => !l.StartsWith("-----", StringComparison.Ordinal))));
        foreach (var mask in new byte[] { 0x01, 0x80, 0xFF })
        {
            for (var i = 0; i < der.Length; i++)
            {
                var corrupted = (byte[])der.Clone();
                corrupted[i] ^= mask;
                var pem = System.Security.Cryptography.PemEncoding.WriteString("CERTIFICATE", corrupted);

                // Most flips break the DER; some land in the signature or a name and still parse. Neither may throw.
                _ = SigningCertificate.TryParse(pem, generated.During, out _, out _);
            }
        }

        var truncated = System.Security.Cryptography.PemEncoding.WriteString("CERTIFICATE", der.AsSpan(0, der.Length / 2));
        Assert.False(SigningCertificate.TryParse(truncated, generated.During, out _, out _));

        var trailing = System.Security.Cryptography.PemEncoding.WriteString("CERTIFICATE", [.. der, 0x00, 0x00]);
        Assert.False(SigningCertificate.TryParse(trailing, generated.During, out _, out _));
    }

    private GeneratedCertificate Get(string kind) =>
        (GeneratedCertificate)typeof(CertificateFixture).GetProperty(kind)!.GetValue(certificates)!;
}
