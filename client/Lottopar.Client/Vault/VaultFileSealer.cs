using System.IO.Compression;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;

namespace Lottopar.Client.Vault;

/// <summary>
/// Makes an hourly vault file from its XML as docs/vault-format.md (section 9) prescribes, the same
/// bytes-on-the-wire structure as the documented openssl commands: optionally gzip, then CMS
/// SignedData with the content attached, SHA-256 and the signer's certificate included, then CMS
/// EnvelopedData with AES-256-CBC to LOTTOPAR's vault certificate, DER-encoded.
/// </summary>
public static class VaultFileSealer
{
    private static readonly Oid Aes256Cbc = new("2.16.840.1.101.3.4.1.42");
    private static readonly Oid Sha256 = new("2.16.840.1.101.3.4.2.1");

    /// <param name="xml">The file's XML (UTF-8).</param>
    /// <param name="signer">The operator's signing certificate with its private key (RSA or ECDSA).</param>
    /// <param name="vault">LOTTOPAR's vault certificate (public).</param>
    /// <param name="gzip">Compress the XML before signing.</param>
    public static byte[] Seal(byte[] xml, X509Certificate2 signer, X509Certificate2 vault, bool gzip = false)
    {
        ArgumentNullException.ThrowIfNull(xml);
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentNullException.ThrowIfNull(vault);
        if (!signer.HasPrivateKey)
        {
            throw new ArgumentException("The signing certificate needs its private key.", nameof(signer));
        }

        var signed = new SignedCms(new ContentInfo(gzip ? Gzip(xml) : xml), detached: false);
        signed.ComputeSignature(new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, signer)
        {
            DigestAlgorithm = Sha256,
            IncludeOption = X509IncludeOption.EndCertOnly,
        });

        var envelope = new EnvelopedCms(new ContentInfo(signed.Encode()), new AlgorithmIdentifier(Aes256Cbc, 256));
        envelope.Encrypt(new CmsRecipient(SubjectIdentifierType.IssuerAndSerialNumber, vault));
        return envelope.Encode();
    }

    private static byte[] Gzip(byte[] content)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize))
        {
            gzip.Write(content);
        }

        return output.ToArray();
    }
}
