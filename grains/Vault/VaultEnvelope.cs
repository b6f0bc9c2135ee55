using System.IO.Compression;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;

namespace Lottopar.Grains.Vault;

/// <summary>
/// Opens an hourly file as operators make it with stock <c>openssl cms</c> (docs/vault-format.md):
/// CMS EnvelopedData with AES-256-CBC to LOTTOPAR's vault certificate, around CMS SignedData with
/// the content attached, signed with SHA-256 or stronger by one of the certificates registered on
/// the operator's vault credentials, valid when the file arrives; the content optionally gzip'd.
/// Whatever fails is one <see cref="VaultFileError"/> with the code the receipt shows; the
/// <c>security</c> codes are the ones the integrity module treats as security violations.
/// </summary>
public static class VaultEnvelope
{
    /// <summary>The largest decrypted content, compressed or not.</summary>
    public const long MaxContentBytes = VaultFileReader.MaxCharacters;

    /// <summary>How many times its compressed size gzip'd content may grow.</summary>
    public const int MaxExpansion = 100;

    private const string Aes256Cbc = "2.16.840.1.101.3.4.1.42";
    private static readonly HashSet<string> StrongDigests = new(StringComparer.Ordinal)
    {
        "2.16.840.1.101.3.4.2.1", // SHA-256
        "2.16.840.1.101.3.4.2.2", // SHA-384
        "2.16.840.1.101.3.4.2.3", // SHA-512
    };

    /// <summary>Codes that mean someone other than the operator, or a key it did not register, made the file.</summary>
    public static IReadOnlySet<string> SecurityCodes { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "bad_signature", "unknown_signer", "certificate_expired",
    };

    /// <param name="file">The file as uploaded.</param>
    /// <param name="vault">LOTTOPAR's vault certificate with its private key.</param>
    /// <param name="registered">The signing certificates registered on the operator's vault credentials.</param>
    /// <param name="receivedAt">When the file arrived: the signer's certificate must be valid then.</param>
    public static VaultEnvelopeResult Open(byte[] file, X509Certificate2 vault, IReadOnlyCollection<X509Certificate2> registered, DateTimeOffset receivedAt)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(vault);
        ArgumentNullException.ThrowIfNull(registered);

        var envelope = new EnvelopedCms();
        try
        {
            envelope.Decode(file);
        }
        catch (CryptographicException)
        {
            return Refused("not_encrypted", "The file is not CMS EnvelopedData (openssl cms -encrypt ... -outform DER).");
        }

        if (!VersionsMatch(envelope))
        {
            return Refused("malformed_envelope", "The version numbers of the EnvelopedData do not match its recipients (RFC 5652, section 6.1).");
        }

        if (envelope.ContentEncryptionAlgorithm.Oid.Value != Aes256Cbc)
        {
            return Refused("weak_encryption", $"The content is encrypted with {Describe(envelope.ContentEncryptionAlgorithm.Oid)}; use AES-256-CBC (-aes-256-cbc).");
        }

        try
        {
            envelope.Decrypt([vault]);
        }
        catch (CryptographicException)
        {
            return Refused("not_for_this_vault", "The file is not encrypted to LOTTOPAR's vault certificate, or cannot be decrypted.");
        }

        var signed = new SignedCms();
        try
        {
            signed.Decode(envelope.ContentInfo.Content);
        }
        catch (CryptographicException)
        {
            return Refused("not_signed", "The encrypted content is not CMS SignedData (openssl cms -sign ... -outform DER).");
        }

        try
        {
            if (signed.Detached || signed.SignerInfos.Count != 1)
            {
                return Refused("not_signed", "The signature must hold its content (-nodetach) and have exactly one signer.");
            }

            return CheckSigner(signed, registered, receivedAt) ?? Content(signed.ContentInfo.Content);
        }
        catch (CryptographicException)
        {
            // Decryption succeeds on altered ciphertext (CBC garbles a block, nothing more), and the
            // garbled SignedData then fails wherever it is read.
            return Refused("bad_signature", "The signed content is damaged: the file was changed after it was signed.");
        }
    }

    /// <summary>
    /// The version fields are the only bytes outside the ciphertext and the recipient's key that no
    /// other check reads: RFC 5652 fixes them from the structure (0 for a key-transport recipient
    /// named by issuer and serial number, 2 by subject key identifier; the envelope 0 when every
    /// recipient is 0 and nothing else is present), so a changed one is a changed file.
    /// </summary>
    private static bool VersionsMatch(EnvelopedCms envelope)
    {
        var recipients = envelope.RecipientInfos.Cast<RecipientInfo>().ToList();
        var recipientsMatch = recipients.OfType<KeyTransRecipientInfo>()
            .All(r => r.Version == (r.RecipientIdentifier.Type == SubjectIdentifierType.IssuerAndSerialNumber ? 0 : 2));
        var expected = recipients.All(r => r.Version == 0) && envelope.UnprotectedAttributes.Count == 0 ? 0 : 2;
        return recipientsMatch && envelope.Version == expected;
    }

    private static VaultEnvelopeResult? CheckSigner(SignedCms signed, IReadOnlyCollection<X509Certificate2> registered, DateTimeOffset receivedAt)
    {
        var signer = signed.SignerInfos[0];
        if (!StrongDigests.Contains(signer.DigestAlgorithm.Value ?? ""))
        {
            return Refused("weak_digest", $"The signature uses {Describe(signer.DigestAlgorithm)}; use SHA-256 (-md sha256).");
        }

        var certificate = signer.Certificate is { } embedded
            ? registered.FirstOrDefault(r => r.RawDataMemory.Span.SequenceEqual(embedded.RawDataMemory.Span))
            : null;
        if (certificate is null)
        {
            return Refused("unknown_signer", "The file is not signed by a certificate registered on this operator's vault credentials.");
        }

        try
        {
            // The certificate is pinned (registered by LOTTOPAR), so only the signature is checked here.
            signer.CheckSignature([certificate], verifySignatureOnly: true);
        }
        catch (CryptographicException)
        {
            return Refused("bad_signature", "The signature does not match the content: the file was changed after it was signed.");
        }

        if (receivedAt < certificate.NotBefore.ToUniversalTime() || receivedAt > certificate.NotAfter.ToUniversalTime())
        {
            return Refused("certificate_expired",
                $"The signing certificate is valid from {certificate.NotBefore.ToUniversalTime():u} to {certificate.NotAfter.ToUniversalTime():u}; the file arrived at {receivedAt.UtcDateTime:u}.");
        }

        return null;
    }

    /// <summary>The signed content, gunzipped when it starts with gzip's magic bytes, within the size limits.</summary>
    private static VaultEnvelopeResult Content(byte[] content)
    {
        if (content.Length < 2 || content[0] != 0x1F || content[1] != 0x8B)
        {
            return content.LongLength > MaxContentBytes
                ? Refused("too_large", $"The content is larger than {MaxContentBytes / (1024 * 1024)} MiB.")
                : new VaultEnvelopeResult(content, null);
        }

        var limit = Math.Min(MaxContentBytes, (long)content.Length * MaxExpansion);
        using var output = new MemoryStream();
        try
        {
            using var gzip = new GZipStream(new MemoryStream(content), CompressionMode.Decompress);
            var buffer = new byte[81920];
            int read;
            while ((read = gzip.Read(buffer)) > 0)
            {
                if (output.Length + read > limit)
                {
                    return Refused("compression_bomb", $"The compressed content grows beyond {limit} bytes ({MaxExpansion} times its size, at most {MaxContentBytes / (1024 * 1024)} MiB).");
                }

                output.Write(buffer, 0, read);
            }
        }
        catch (InvalidDataException)
        {
            return Refused("not_well_formed", "The content starts like gzip but does not decompress.");
        }

        return new VaultEnvelopeResult(output.ToArray(), null);
    }

    private static string Describe(Oid oid) => oid.FriendlyName is { Length: > 0 } name ? $"{name} ({oid.Value})" : oid.Value ?? "an unknown algorithm";

    private static VaultEnvelopeResult Refused(string code, string message) => new(null, new VaultFileError(code, null, null, null, message));
}

/// <summary>The XML inside a file, or why it could not be opened.</summary>
public sealed record VaultEnvelopeResult(byte[]? Xml, VaultFileError? Error);
