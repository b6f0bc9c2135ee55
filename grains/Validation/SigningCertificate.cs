using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Lottopar.Grains.Validation;

/// <summary>
/// An X.509 certificate an operator registers so the platform can verify what they sign (e.g. draw results or
/// settlement files). Only the public certificate is ever accepted.
/// </summary>
/// <param name="Pem">The certificate as one normalized PEM block (64-character lines, "\n" line ends).</param>
/// <param name="Subject">The subject distinguished name, as .NET renders it (e.g. "CN=Operadora X, O=...").</param>
/// <param name="ThumbprintSha256">Uppercase hexadecimal SHA-256 of the DER encoding (<c>openssl x509 -fingerprint -sha256</c> without colons).</param>
/// <param name="NotBefore">Start of validity, in UTC.</param>
/// <param name="NotAfter">End of validity, in UTC.</param>
/// <param name="KeyAlgorithm">"RSA", "ECDSA P-256" or "ECDSA P-384".</param>
public sealed record SigningCertificate(string Pem, string Subject, string ThumbprintSha256, DateTimeOffset NotBefore, DateTimeOffset NotAfter, string KeyAlgorithm)
{
    public const int MinRsaBits = 2048;

    private const string CertificateLabel = "CERTIFICATE";
    private const string BeginMarker = "-----BEGIN ";
    private const string CertificateBegin = "-----BEGIN CERTIFICATE-----";
    private const int MaxPemLength = 64 * 1024;

    private const string RsaOid = "1.2.840.113549.1.1.1";
    private const string EcPublicKeyOid = "1.2.840.10045.2.1";
    private const string P256Oid = "1.2.840.10045.3.1.7";
    private const string P384Oid = "1.3.132.0.34";

    /// <summary>Parses and vets a PEM certificate for use as a signing certificate.</summary>
    /// <param name="pem">Text holding exactly one "-----BEGIN CERTIFICATE-----" block (text outside the block is ignored).</param>
    /// <param name="now">The instant at which the certificate must be valid; pass the platform clock, not the wall clock.</param>
    /// <param name="certificate">The vetted certificate, or null when refused.</param>
    /// <param name="error">Why the certificate was refused, worded for the operator; null on success.</param>
    /// <returns>
    /// False when the text contains a private key, has no or several PEM blocks, is not a parseable certificate, is
    /// expired or not yet valid at <paramref name="now"/>, has a key other than RSA (2048 bits or more) or ECDSA
    /// P-256/P-384, or has a KeyUsage extension without DigitalSignature.
    /// </returns>
    public static bool TryParse([NotNullWhen(true)] string? pem, DateTimeOffset now, [NotNullWhen(true)] out SigningCertificate? certificate, [NotNullWhen(false)] out string? error)
    {
        certificate = null;
        if (string.IsNullOrWhiteSpace(pem))
        {
            error = "The certificate is empty.";
            return false;
        }

        if (pem.Length > MaxPemLength)
        {
            error = "The text is too long to be a single certificate.";
            return false;
        }

        // Checked before anything else, and on the raw text, so that the answer is the same whatever else is
        // wrong: a private key that reached us has to be treated as compromised and the operator must know.
        if (pem.Contains("PRIVATE KEY", StringComparison.OrdinalIgnoreCase))
        {
            error = "The text contains a private key. Never send a private key: send only the certificate, and since this key has left your control, replace it and issue a new certificate.";
            return false;
        }

        var blocks = CountOccurrences(pem, BeginMarker);
        var certificateBlocks = CountOccurrences(pem, CertificateBegin);
        if (certificateBlocks == 0)
        {
            error = "No \"-----BEGIN CERTIFICATE-----\" block was found.";
            return false;
        }

        if (certificateBlocks > 1)
        {
            error = "Send exactly one certificate (the signing certificate itself), not a chain.";
            return false;
        }

        if (blocks > 1)
        {
            error = "Send only the certificate block, without other PEM blocks.";
            return false;
        }

        if (!PemEncoding.TryFind(pem, out var fields) || !pem.AsSpan()[fields.Label].SequenceEqual(CertificateLabel))
        {
            error = "The certificate block is malformed (check the BEGIN/END lines and the base64 between them).";
            return false;
        }

        var der = new byte[fields.DecodedDataLength];
        if (!Convert.TryFromBase64Chars(pem.AsSpan()[fields.Base64Data], der, out var written) || written != der.Length)
        {
            error = "The certificate block is not valid base64.";
            return false;
        }

        X509Certificate2 x509;
        try
        {
            x509 = X509CertificateLoader.LoadCertificate(der);
        }
        catch (CryptographicException)
        {
            error = "The certificate could not be read as X.509.";
            return false;
        }

        using (x509)
        {
            // The loader only checks the outer structure; fields such as the validity dates, names and
            // extensions are decoded on first access and throw there when corrupt.
            try
            {
                return TryVet(x509, der, now, out certificate, out error);
            }
            catch (CryptographicException)
            {
                certificate = null;
                error = "The certificate could not be read as X.509: some of its fields are corrupt.";
                return false;
            }
        }
    }

    private static bool TryVet(X509Certificate2 x509, byte[] der, DateTimeOffset now, out SigningCertificate? certificate, [NotNullWhen(false)] out string? error)
    {
        certificate = null;

        // The loader tolerates some trailing bytes; the thumbprint must be of exactly what we store.
        if (!x509.RawDataMemory.Span.SequenceEqual(der))
        {
            error = "The certificate block holds extra data after the certificate.";
            return false;
        }

        var notBefore = new DateTimeOffset(x509.NotBefore.ToUniversalTime(), TimeSpan.Zero);
        var notAfter = new DateTimeOffset(x509.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        if (now < notBefore)
        {
            error = $"The certificate is not valid yet: it starts on {notBefore:yyyy-MM-dd HH:mm:ss} UTC.";
            return false;
        }

        if (now > notAfter)
        {
            error = $"The certificate expired on {notAfter:yyyy-MM-dd HH:mm:ss} UTC.";
            return false;
        }

        if (!TryDescribeKey(x509, out var keyAlgorithm, out error))
        {
            return false;
        }

        var keyUsage = x509.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault();
        if (keyUsage is not null && !keyUsage.KeyUsages.HasFlag(X509KeyUsageFlags.DigitalSignature))
        {
            error = "The certificate's Key Usage does not allow digital signatures (digitalSignature).";
            return false;
        }

        certificate = new SigningCertificate(
            PemEncoding.WriteString(CertificateLabel, der),
            x509.Subject,
            Convert.ToHexString(SHA256.HashData(der)),
            notBefore,
            notAfter,
            keyAlgorithm);
        error = null;
        return true;
    }

    private static bool TryDescribeKey(X509Certificate2 x509, [NotNullWhen(true)] out string? keyAlgorithm, [NotNullWhen(false)] out string? error)
    {
        keyAlgorithm = null;
        try
        {
            switch (x509.PublicKey.Oid.Value)
            {
                case RsaOid:
                {
                    using var rsa = x509.GetRSAPublicKey();
                    if (rsa is null || rsa.KeySize < MinRsaBits)
                    {
                        error = $"RSA keys must be at least {MinRsaBits} bits; this one has {rsa?.KeySize ?? 0}.";
                        return false;
                    }

                    keyAlgorithm = "RSA";
                    error = null;
                    return true;
                }

                case EcPublicKeyOid:
                {
                    using var ecdsa = x509.GetECDsaPublicKey();
                    var curve = ecdsa?.ExportParameters(false).Curve;
                    keyAlgorithm = curve is { IsNamed: true } named ? named.Oid.Value switch
                    {
                        P256Oid => "ECDSA P-256",
                        P384Oid => "ECDSA P-384",
                        _ => null,
                    } : null;
                    if (keyAlgorithm is null)
                    {
                        error = "ECDSA keys must be on curve P-256 or P-384.";
                        return false;
                    }

                    error = null;
                    return true;
                }

                default:
                    error = $"Unsupported key algorithm ({x509.PublicKey.Oid.FriendlyName ?? x509.PublicKey.Oid.Value}); use RSA (at least {MinRsaBits} bits) or ECDSA P-256/P-384.";
                    return false;
            }
        }
        catch (CryptographicException)
        {
            error = "The certificate's public key could not be read.";
            return false;
        }
    }

    private static int CountOccurrences(string text, string value)
    {
        var count = 0;
        var index = 0;
        while ((index = text.IndexOf(value, index, StringComparison.Ordinal)) >= 0)
        {
            count++;
            index += value.Length;
        }

        return count;
    }
}
