using System.Security.Cryptography;
using System.Text;

namespace Lottopar.GrainInterfaces.Common;

/// <summary>
/// The keys of grains found by personal data: a player by CPF, a staff account by e-mail. Orleans
/// writes grain ids into its logs, traces, exception messages and dashboard, so such a key must
/// not be the CPF or the e-mail, nor a plain hash of it (there are only 10^9 CPFs to try): it is a
/// letter naming the kind and the first 128 bits, in hex, of an HMAC-SHA256 of the kind and the
/// normalised value under a platform secret. The one place these keys are made.
/// </summary>
/// <remarks>
/// Every silo of a deployment needs the same secret. A new secret gives every such grain a new
/// key: players rebuild themselves from the event store; staff rows are re-keyed at start-up from
/// the e-mail each holds.
/// </remarks>
public sealed class PersonalGrainKeys
{
    /// <summary>The shortest secret accepted, in bytes.</summary>
    public const int MinimumSecretBytes = 32;

    private readonly byte[] _secret;

    public PersonalGrainKeys(byte[] secret)
    {
        if (secret.Length < MinimumSecretBytes)
        {
            throw new ArgumentException($"The grain-key secret has {secret.Length} bytes; at least {MinimumSecretBytes} are needed.", nameof(secret));
        }

        _secret = [.. secret];
    }

    /// <summary>The player grain's key, from the normalised CPF (eleven digits).</summary>
    public string Player(string normalizedCpf) => Of('p', "cpf:" + normalizedCpf);

    /// <summary>A PIX key's fingerprint (the key as the player gave it, already validated): the key grain's key, and how the integrity module tells keys apart without keeping them.</summary>
    public string PixKey(string key) => Of('k', "pix:" + key);

    /// <summary>The staff account grain's key, from the normalised (lower-case) e-mail.</summary>
    public string StaffAccount(string normalizedEmail) => Of('s', "email:" + normalizedEmail);

    private string Of(char kind, string value) =>
        kind + Convert.ToHexStringLower(HMACSHA256.HashData(_secret, Encoding.UTF8.GetBytes(value)), 0, 16);
}
