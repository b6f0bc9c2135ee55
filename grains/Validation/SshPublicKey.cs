using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace Lottopar.Grains.Validation;

/// <summary>
/// An SSH public key as written in an OpenSSH <c>authorized_keys</c> file, restricted to the key types the
/// platform accepts for operator access (e.g. SFTP report uploads).
/// </summary>
/// <param name="Algorithm">The key type: "ssh-ed25519", "ssh-rsa" or "ecdsa-sha2-nistp256/384/521".</param>
/// <param name="Base64Blob">The public key blob in standard, padded base64, as OpenSSH writes it.</param>
/// <param name="Comment">The free-text comment after the key (usually "user@host"), or null.</param>
/// <param name="Fingerprint">"SHA256:" and the unpadded base64 SHA-256 of the blob: what <c>ssh-keygen -lf</c> prints.</param>
public sealed record SshPublicKey(string Algorithm, string Base64Blob, string? Comment, string Fingerprint)
{
    public const string Ed25519 = "ssh-ed25519";
    public const string Rsa = "ssh-rsa";
    public const string EcdsaP256 = "ecdsa-sha2-nistp256";
    public const string EcdsaP384 = "ecdsa-sha2-nistp384";
    public const string EcdsaP521 = "ecdsa-sha2-nistp521";

    public const int MinRsaBits = 2048;

    // OpenSSH itself refuses larger moduli (SSH_RSA_MAXIMUM_MODULUS_SIZE); the cap also bounds the work
    // spent on a hostile input.
    public const int MaxRsaBits = 16384;

    private const int MaxLineLength = 16 * 1024;
    private const int Ed25519KeyLength = 32;

    private const string SupportedTypes = "ssh-ed25519, ssh-rsa (at least 2048 bits) or ecdsa-sha2-nistp256/384/521";

    /// <summary>Parses one <c>authorized_keys</c> line: "type base64 [comment]", without an options prefix.</summary>
    /// <param name="line">The line, e.g. the content of <c>id_ed25519.pub</c>; surrounding whitespace is ignored.</param>
    /// <param name="key">The parsed key, or null when refused.</param>
    /// <param name="error">Why the line was refused, worded for the person who pasted it; null on success.</param>
    /// <returns>
    /// False for an unsupported or unknown type (ssh-dss among them), options before the type, bad base64, a blob
    /// whose embedded type differs from the declared one, a malformed blob, an RSA modulus under 2048 bits, or an
    /// ECDSA point that is not on its curve.
    /// </returns>
    public static bool TryParse([NotNullWhen(true)] string? line, [NotNullWhen(true)] out SshPublicKey? key, [NotNullWhen(false)] out string? error)
    {
        key = null;
        if (string.IsNullOrWhiteSpace(line))
        {
            error = "The key is empty.";
            return false;
        }

        var text = line.Trim();
        if (text.Length > MaxLineLength)
        {
            error = "The key line is too long.";
            return false;
        }

        // Checked before the single-line rule because a pasted private key spans several lines, and the person
        // must be told what they actually did.
        if (text.Contains("PRIVATE KEY-----", StringComparison.Ordinal) || text.StartsWith("PuTTY-User-Key-File-", StringComparison.Ordinal))
        {
            error = "This is a private key. Never send a private key: send the public key (the .pub file), and replace this key since it has left your control.";
            return false;
        }

        if (text.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0)
        {
            error = "Paste exactly one key, on a single line.";
            return false;
        }

        var fields = text.Split([' ', '\t'], 3, StringSplitOptions.RemoveEmptyEntries);
        var type = fields[0];
        if (!TryCheckDeclaredType(type, text, out error))
        {
            return false;
        }

        if (fields.Length < 2)
        {
            error = "The key data is missing after the key type.";
            return false;
        }

        byte[] blob;
        try
        {
            blob = Convert.FromBase64String(fields[1]);
        }
        catch (FormatException)
        {
            error = "The key data is not valid base64.";
            return false;
        }

        if (!TryValidateBlob(type, blob, out error))
        {
            return false;
        }

        var comment = fields.Length == 3 ? fields[2].Trim() : null;
        key = new SshPublicKey(
            type,
            Convert.ToBase64String(blob),
            string.IsNullOrEmpty(comment) ? null : comment,
            ComputeFingerprint(blob));
        error = null;
        return true;
    }

    /// <summary>The key as an <c>authorized_keys</c> line: "type base64 comment", the comment omitted when null or empty.</summary>
    public string ToAuthorizedKeysLine() =>
        string.IsNullOrEmpty(Comment) ? $"{Algorithm} {Base64Blob}" : $"{Algorithm} {Base64Blob} {Comment}";

    private static string ComputeFingerprint(byte[] blob) =>
        "SHA256:" + Convert.ToBase64String(SHA256.HashData(blob)).TrimEnd('=');

    private static bool TryCheckDeclaredType(string type, string line, [NotNullWhen(false)] out string? error)
    {
        switch (type)
        {
            case Ed25519 or Rsa or EcdsaP256 or EcdsaP384 or EcdsaP521:
                error = null;
                return true;
            case "ssh-dss":
                error = "ssh-dss keys are not accepted (DSA is obsolete and disabled in OpenSSH); use " + SupportedTypes + ".";
                return false;
        }

        if (type.EndsWith("-cert-v01@openssh.com", StringComparison.Ordinal))
        {
            error = "OpenSSH certificates are not accepted; send the plain public key.";
            return false;
        }

        if (type.StartsWith("sk-", StringComparison.Ordinal))
        {
            error = $"Security-key (FIDO) keys of type '{Truncate(type)}' are not accepted; use " + SupportedTypes + ".";
            return false;
        }

        // An options prefix (from="...", command="...", no-pty) puts the real type further along the line.
        foreach (var token in line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries).Skip(1))
        {
            if (token is Ed25519 or Rsa or EcdsaP256 or EcdsaP384 or EcdsaP521 or "ssh-dss")
            {
                error = "authorized_keys options before the key type are not accepted; send only \"type base64 [comment]\".";
                return false;
            }
        }

        error = $"Unsupported key type '{Truncate(type)}'; use " + SupportedTypes + ".";
        return false;
    }

    private static bool TryValidateBlob(string declaredType, byte[] blob, [NotNullWhen(false)] out string? error)
    {
        var reader = new WireReader(blob);
        if (!reader.TryReadString(out var embeddedType))
        {
            error = "The key data is malformed: it does not start with a key type.";
            return false;
        }

        // A mismatch means the line was edited by hand or assembled from two keys; trusting either half would
        // mean guessing, so refuse.
        if (!embeddedType.SequenceEqual(Encoding.ASCII.GetBytes(declaredType)))
        {
            error = $"The key data is a '{Truncate(Encoding.ASCII.GetString(embeddedType))}' key but the line declares '{declaredType}'.";
            return false;
        }

        if (!TryValidateKeyFields(declaredType, ref reader, out error))
        {
            return false;
        }

        if (!reader.AtEnd)
        {
            error = "The key data is malformed: unexpected bytes after the key.";
            return false;
        }

        return true;
    }

    private static bool TryValidateKeyFields(string type, ref WireReader reader, [NotNullWhen(false)] out string? error)
    {
        if (type == Ed25519)
        {
            return TryValidateEd25519(ref reader, out error);
        }

        if (type == Rsa)
        {
            return TryValidateRsa(ref reader, out error);
        }

        if (type == EcdsaP256)
        {
            return TryValidateEcdsa(ref reader, "nistp256", ECCurve.NamedCurves.nistP256, 32, out error);
        }

        return type == EcdsaP384
            ? TryValidateEcdsa(ref reader, "nistp384", ECCurve.NamedCurves.nistP384, 48, out error)
            : TryValidateEcdsa(ref reader, "nistp521", ECCurve.NamedCurves.nistP521, 66, out error);
    }

    private static bool TryValidateEd25519(ref WireReader reader, [NotNullWhen(false)] out string? error)
    {
        if (!reader.TryReadString(out var publicKey) || publicKey.Length != Ed25519KeyLength)
        {
            error = "The key data is malformed: an Ed25519 public key is 32 bytes.";
            return false;
        }

        error = null;
        return true;
    }

    private static bool TryValidateRsa(ref WireReader reader, [NotNullWhen(false)] out string? error)
    {
        if (!reader.TryReadString(out var exponent) || !reader.TryReadString(out var modulus))
        {
            error = "The key data is malformed: an RSA key holds an exponent and a modulus.";
            return false;
        }

        if (!TryPositiveMagnitude(exponent, out var e) || !TryPositiveMagnitude(modulus, out var n))
        {
            error = "The key data is malformed: the RSA exponent and modulus must be positive integers.";
            return false;
        }

        if ((e[^1] & 1) == 0 || (e.Length == 1 && e[0] < 3))
        {
            error = "The key data is malformed: the RSA public exponent must be odd and at least 3.";
            return false;
        }

        var bits = ((n.Length - 1) * 8) + (8 - byte.LeadingZeroCount(n[0]));
        if (bits < MinRsaBits)
        {
            error = $"RSA keys must be at least {MinRsaBits} bits; this one has {bits}. Generate a new one with: ssh-keygen -t ed25519";
            return false;
        }

        if (bits > MaxRsaBits)
        {
            error = $"RSA keys larger than {MaxRsaBits} bits are not accepted.";
            return false;
        }

        error = null;
        return true;
    }

    private static bool TryValidateEcdsa(ref WireReader reader, string curveName, ECCurve curve, int coordinateLength, [NotNullWhen(false)] out string? error)
    {
        if (!reader.TryReadString(out var embeddedCurve) || !embeddedCurve.SequenceEqual(Encoding.ASCII.GetBytes(curveName)))
        {
            error = $"The key data is malformed: expected the curve '{curveName}'.";
            return false;
        }

        // SEC1 uncompressed point, the only encoding OpenSSH writes: 0x04, X, Y.
        if (!reader.TryReadString(out var point) || point.Length != 1 + (2 * coordinateLength) || point[0] != 0x04)
        {
            error = "The key data is malformed: the ECDSA public point is not an uncompressed point of the right size.";
            return false;
        }

        // Importing checks that the point lies on the curve, which no length check can.
        try
        {
            var parameters = new ECParameters
            {
                Curve = curve,
                Q = new ECPoint
                {
                    X = point.Slice(1, coordinateLength).ToArray(),
                    Y = point.Slice(1 + coordinateLength, coordinateLength).ToArray(),
                },
            };
            using var ecdsa = ECDsa.Create(parameters);
        }
        catch (CryptographicException)
        {
            error = "The key data is malformed: the ECDSA public point is not on its curve.";
            return false;
        }

        error = null;
        return true;
    }

    // SSH mpints are two's complement, big-endian, with a 0x00 in front when the top bit would be set.
    private static bool TryPositiveMagnitude(ReadOnlySpan<byte> mpint, out ReadOnlySpan<byte> magnitude)
    {
        magnitude = default;
        if (mpint.Length > 0 && (mpint[0] & 0x80) != 0)
        {
            return false;
        }

        var firstNonZero = mpint.IndexOfAnyExcept((byte)0);
        magnitude = firstNonZero < 0 ? default : mpint[firstNonZero..];
        return firstNonZero >= 0;
    }

    private static string Truncate(string value) => value.Length <= 40 ? value : value[..40] + "...";

    /// <summary>Reads the RFC 4251 "string" encoding: a big-endian uint32 length, then that many bytes.</summary>
    private ref struct WireReader(ReadOnlySpan<byte> data)
    {
        private ReadOnlySpan<byte> _rest = data;

        public readonly bool AtEnd => _rest.IsEmpty;

        public bool TryReadString(out ReadOnlySpan<byte> value)
        {
            value = default;
            if (_rest.Length < 4)
            {
                return false;
            }

            var length = BinaryPrimitives.ReadUInt32BigEndian(_rest);
            if (length > (uint)(_rest.Length - 4))
            {
                return false;
            }

            value = _rest.Slice(4, (int)length);
            _rest = _rest[(4 + (int)length)..];
            return true;
        }
    }
}
