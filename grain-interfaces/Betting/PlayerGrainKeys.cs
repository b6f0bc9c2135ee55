using System.Security.Cryptography;
using System.Text;

namespace Lottopar.GrainInterfaces.Betting;

/// <summary>
/// The key of a player's grain: "p" and the first 128 bits, in hex, of an HMAC-SHA256 of the
/// player's normalised CPF (eleven digits) under a platform secret. Orleans writes grain ids into
/// its logs, traces, exception messages and dashboard, so the key must not be the CPF, nor a plain
/// hash of it (there are only 10^9 CPFs to try). The one place a player's key is made.
/// </summary>
/// <remarks>
/// Every silo of a deployment needs the same secret. A new secret gives every player a new grain:
/// their snapshots are left behind, and the new grains rebuild themselves from the event store.
/// </remarks>
public sealed class PlayerGrainKeys
{
    /// <summary>The shortest secret accepted, in bytes.</summary>
    public const int MinimumSecretBytes = 32;

    private readonly byte[] _secret;

    public PlayerGrainKeys(byte[] secret)
    {
        if (secret.Length < MinimumSecretBytes)
        {
            throw new ArgumentException($"The player-key secret has {secret.Length} bytes; at least {MinimumSecretBytes} are needed.", nameof(secret));
        }

        _secret = [.. secret];
    }

    public string Of(string normalizedCpf) =>
        "p" + Convert.ToHexStringLower(HMACSHA256.HashData(_secret, Encoding.ASCII.GetBytes(normalizedCpf)), 0, 16);
}
