using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lottopar.Client.Vault;

/// <summary>
/// The vault's answer to one uploaded file, <c>receipts/{file name}.receipt.p7s</c>: a JSON document in a
/// CMS SignedData (DER, content attached, SHA-256) signed by LOTTOPAR's vault certificate. <see cref="Open"/>
/// verifies the signature against that certificate and parses the content.
/// </summary>
public sealed record VaultReceipt(
    int Version,
    Guid ReceiptId,
    string Oprid,
    string FileName,
    string Sha256,
    long Size,
    DateTimeOffset ReceivedAt,
    VaultVerdict Verdict,
    long Records,
    IReadOnlyDictionary<string, VaultReceiptCount> Counts,
    IReadOnlyList<VaultReceiptError> Errors,
    int ErrorCount,
    long? Sequence = null,
    DateTimeOffset? Hour = null,
    int? Part = null,
    int? Parts = null,
    VaultReceiptChain? Chain = null)
{
    /// <summary>The suffix the vault appends to the uploaded file's name.</summary>
    public const string Suffix = ".receipt.p7s";

    private static readonly Oid Sha256Oid = new("2.16.840.1.101.3.4.2.1");

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter<VaultVerdict>(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false) },
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
    };

    /// <summary>
    /// Verifies that <paramref name="p7s"/> is signed, with SHA-256, by exactly <paramref name="vault"/> (the
    /// certificate itself, not any certificate the receipt carries) and returns its content; throws
    /// <see cref="VaultReceiptException"/> saying why not.
    /// </summary>
    public static VaultReceipt Open(byte[] p7s, X509Certificate2 vault)
    {
        ArgumentNullException.ThrowIfNull(p7s);
        ArgumentNullException.ThrowIfNull(vault);
        var signed = new SignedCms();
        try
        {
            signed.Decode(p7s);
        }
        catch (CryptographicException error)
        {
            throw new VaultReceiptException("The receipt is not a CMS SignedData in DER.", error);
        }

        if (signed.Detached || signed.ContentInfo.Content.Length == 0)
        {
            throw new VaultReceiptException("The receipt does not carry its content.");
        }

        if (signed.SignerInfos.Count != 1)
        {
            throw new VaultReceiptException($"The receipt has {signed.SignerInfos.Count} signers; the vault signs alone.");
        }

        var signer = signed.SignerInfos[0];
        if (signer.DigestAlgorithm.Value != Sha256Oid.Value)
        {
            throw new VaultReceiptException($"The receipt's digest is {signer.DigestAlgorithm.FriendlyName ?? signer.DigestAlgorithm.Value}, not SHA-256.");
        }

        // The signer is looked up among the receipt's certificates and the vault's; it must be the vault's, byte for byte,
        // so that a receipt signed by another key that names the vault's issuer and serial is refused.
        if (signer.Certificate is not { } used || !used.RawDataMemory.Span.SequenceEqual(vault.RawDataMemory.Span))
        {
            throw new VaultReceiptException($"The receipt was not signed by the vault certificate {vault.Subject} ({vault.Thumbprint}).");
        }

        try
        {
            signer.CheckSignature(new X509Certificate2Collection(vault), verifySignatureOnly: true);
        }
        catch (CryptographicException error)
        {
            throw new VaultReceiptException("The receipt's signature does not match its content: it was changed after signing.", error);
        }

        return Parse(signed.ContentInfo.Content);
    }

    /// <summary>Parses a receipt's JSON content (already verified).</summary>
    public static VaultReceipt Parse(byte[] json)
    {
        VaultReceipt? receipt;
        try
        {
            receipt = JsonSerializer.Deserialize<VaultReceipt>(json, Json);
        }
        catch (JsonException error)
        {
            throw new VaultReceiptException($"The receipt's content is not a receipt: {error.Message}", error);
        }

        if (receipt is null || receipt.Version != 1)
        {
            throw new VaultReceiptException($"The receipt's version is {receipt?.Version}; this client reads version 1.");
        }

        if (!IsHash(receipt.Sha256))
        {
            throw new VaultReceiptException("The receipt's sha256 is not 64 lowercase hexadecimal digits.");
        }

        return receipt;
    }

    /// <summary>Whether this receipt is for exactly these uploaded bytes.</summary>
    public bool IsFor(ReadOnlySpan<byte> uploaded) =>
        Size == uploaded.Length && Sha256 == Convert.ToHexStringLower(SHA256.HashData(uploaded));

    /// <summary>
    /// Recomputes the chain over receipts of accepted files given in chain position order: positions follow
    /// one another, each link starts from the previous link's value (the first at position 1 from 64 zeros),
    /// and each value is SHA-256(previous ‖ file SHA-256 ‖ sequence as 8 bytes big-endian). The index (0-based)
    /// of the first receipt that breaks it and why, or null when the chain holds.
    /// </summary>
    public static (int Index, string Reason)? FirstBrokenLink(IEnumerable<VaultReceipt> accepted)
    {
        ArgumentNullException.ThrowIfNull(accepted);
        VaultReceipt? before = null;
        var index = 0;
        foreach (var receipt in accepted)
        {
            var reason = receipt switch
            {
                { Verdict: not VaultVerdict.Accepted } => $"{receipt.FileName} was not accepted",
                { Chain: null } or { Sequence: null } => $"{receipt.FileName} has no chain link or sequence",
                _ when before is null && receipt.Chain.Position == 1 && receipt.Chain.Previous != VaultReceiptChain.Genesis =>
                    "the first link does not start from 64 zeros",
                _ when before is not null && receipt.Chain.Position != before.Chain!.Position + 1 =>
                    $"position {receipt.Chain.Position} follows position {before.Chain.Position}",
                _ when before is not null && receipt.Chain.Previous != before.Chain!.Value =>
                    $"its previous link is not the value of position {before.Chain.Position}",
                _ when receipt.Chain.Value != VaultReceiptChain.Link(receipt.Chain.Previous, receipt.Sha256, receipt.Sequence.Value) =>
                    "its value is not SHA-256(previous, file hash, sequence)",
                _ => null,
            };
            if (reason is not null)
            {
                return (index, reason);
            }

            before = receipt;
            index++;
        }

        return null;
    }

    internal static bool IsHash(string? hex) => hex is { Length: 64 } && hex.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');
}

/// <summary>Whether the vault kept the file.</summary>
public enum VaultVerdict
{
    Accepted,
    Rejected,
}

/// <summary>How many records of a type the file had and the sum of their amounts (centavos).</summary>
public sealed record VaultReceiptCount(long Records, long Amount);

/// <summary>One reason for a rejection: a code of docs/vault-format.md section 8 and, when they apply, the record's position and id and the field.</summary>
public sealed record VaultReceiptError(string Code, long? Record, string? RecordId, string? Field, string Message);

/// <summary>An accepted file's link in the operator's chain (docs/vault-format.md, section 8).</summary>
public sealed record VaultReceiptChain(long Position, string Previous, string Value)
{
    /// <summary>The link before the first file: 32 zero bytes, as hex.</summary>
    public static string Genesis { get; } = new('0', 64);

    /// <summary>SHA-256 of the previous link (32 bytes), the file's SHA-256 (32 bytes) and the sequence (8 bytes, big-endian), as lowercase hex.</summary>
    public static string Link(string previous, string fileSha256, long sequence)
    {
        if (!VaultReceipt.IsHash(previous) || !VaultReceipt.IsHash(fileSha256))
        {
            return "";
        }

        Span<byte> input = stackalloc byte[72];
        Convert.FromHexString(previous).CopyTo(input);
        Convert.FromHexString(fileSha256).CopyTo(input[32..]);
        BinaryPrimitives.WriteInt64BigEndian(input[64..], sequence);
        return Convert.ToHexStringLower(SHA256.HashData(input));
    }
}
