using System.Security.Cryptography;

namespace Lottopar.Client.Vault;

/// <summary>
/// A server's host key fingerprint in the form <c>ssh-keygen -l</c> prints and operators are given:
/// <c>SHA256:</c> and the unpadded base64 of the SHA-256 of the key's wire blob.
/// </summary>
public static class SshHostKeyFingerprint
{
    public const string Prefix = "SHA256:";

    /// <summary>The fingerprint of a public key blob (as the server sends it, or the base64 field of a <c>.pub</c> line).</summary>
    public static string Of(ReadOnlySpan<byte> keyBlob) => Prefix + Convert.ToBase64String(SHA256.HashData(keyBlob)).TrimEnd('=');

    /// <summary>The fingerprint of an OpenSSH public key line: <c>ssh-ed25519 AAAA… comment</c>.</summary>
    public static string OfPublicKeyLine(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length >= 2 ? Of(Convert.FromBase64String(fields[1])) : throw new FormatException("An OpenSSH public key line is 'type base64 [comment]'.");
    }

    /// <summary>
    /// Whether the key the server presented is the pinned one. Base64 is case-sensitive, so the comparison is
    /// exact; a trailing '=' of padded base64 is tolerated.
    /// </summary>
    public static bool Matches(string pinned, ReadOnlySpan<byte> presentedKeyBlob)
    {
        ArgumentNullException.ThrowIfNull(pinned);
        var expected = pinned.Trim().TrimEnd('=');
        return expected.StartsWith(Prefix, StringComparison.Ordinal)
            && CryptographicOperations.FixedTimeEquals(
                System.Text.Encoding.ASCII.GetBytes(expected), System.Text.Encoding.ASCII.GetBytes(Of(presentedKeyBlob)));
    }
}
