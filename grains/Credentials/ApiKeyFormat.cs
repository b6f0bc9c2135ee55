using System.Security.Cryptography;
using System.Text;
using Lottopar.GrainInterfaces.Common;

namespace Lottopar.Grains.Credentials;

/// <summary>
/// The shape of an API key: <c>lp_{env}_{OPRID}_{keyId}_{secret}</c>, for example
/// <c>lp_hml_OPR-000042_9f3c2a7b1d4e6f80_Xy...</c>. Everything before the secret is the public
/// prefix shown in lists and logs; it names the environment and the operator, so a key presented
/// in the wrong environment can be told apart from a forged one. The secret is 32 random bytes
/// (base64url); only its SHA-256 is stored.
/// </summary>
public static class ApiKeyFormat
{
    public const string Marker = "lp";

    public static (string KeyId, string Secret, string Key, string Prefix) Issue(DeploymentEnvironment environment, string oprid)
    {
        var keyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var prefix = Prefix(environment, oprid, keyId);
        return (keyId, secret, $"{prefix}_{secret}", prefix);
    }

    public static string Prefix(DeploymentEnvironment environment, string oprid, string keyId) => $"{Marker}_{environment.Code()}_{oprid}_{keyId}";

    /// <summary>Splits a presented key; false when it does not have the shape of one of ours.</summary>
    public static bool TryParse(string? key, out ParsedApiKey parsed)
    {
        parsed = default;
        var parts = (key ?? "").Trim().Split('_', 5);
        if (parts.Length != 5 || parts[0] != Marker || !DeploymentEnvironments.TryParseCode(parts[1], out var environment)
            || parts[2].Length is 0 or > 32 || !parts[2].All(c => char.IsAsciiLetterOrDigit(c) || c == '-')
            || parts[3].Length != 16 || parts[4].Length is < 20 or > 100)
        {
            return false;
        }

        parsed = new ParsedApiKey(environment, parts[2], parts[3], parts[4], Prefix(environment, parts[2], parts[3]));
        return true;
    }

    public static string HashSecret(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>Compares in constant time, so response timing says nothing about how much of a secret matched.</summary>
    public static bool SecretMatches(string secret, string storedHash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(HashSecret(secret)), Encoding.ASCII.GetBytes(storedHash));
}

public readonly record struct ParsedApiKey(DeploymentEnvironment Environment, string Oprid, string KeyId, string Secret, string Prefix);
