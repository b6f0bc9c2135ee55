using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Lottopar.Silo.Tests.Infrastructure;

/// <summary>
/// A private CA and certificates it issued, in PEM, as a PSP's mutual TLS needs them: the server's
/// (for 127.0.0.1) and clients' (one per holder). ECDSA P-256, valid from an hour ago for a day.
/// </summary>
public sealed class TestCertificates
{
    private readonly X509Certificate2 _ca;

    private TestCertificates(X509Certificate2 ca) => _ca = ca;

    public string CaPem => _ca.ExportCertificatePem();

    public static TestCertificates NewAuthority(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        return new TestCertificates(request.CreateSelfSigned(now.AddHours(-2), now.AddDays(2)));
    }

    /// <summary>A TLS server certificate for 127.0.0.1: (certificate PEM, key PEM).</summary>
    public (string Certificate, string Key) IssueServer() => Issue("CN=127.0.0.1", "1.3.6.1.5.5.7.3.1", san =>
    {
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
    });

    /// <summary>A TLS client certificate: (certificate PEM, key PEM).</summary>
    public (string Certificate, string Key) IssueClient(string name) => Issue($"CN={name}", "1.3.6.1.5.5.7.3.2", null);

    private (string Certificate, string Key) Issue(string subject, string usage, Action<SubjectAlternativeNameBuilder>? names)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], false));
        if (names is not null)
        {
            var san = new SubjectAlternativeNameBuilder();
            names(san);
            request.CertificateExtensions.Add(san.Build());
        }

        var now = DateTimeOffset.UtcNow;
        using var certificate = request.Create(_ca, now.AddHours(-1), now.AddDays(1), RandomNumberGenerator.GetBytes(16));
        return (certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }
}
