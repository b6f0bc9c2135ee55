using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Lottopar.Sandbox.Psp;

/// <summary>OAuth2 access tokens (client credentials) the sandbox PSP issued: in memory, an hour each; a restart voids them (clients ask again on 401).</summary>
public sealed class PspTokens(TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    public const string Scopes = "cob.write cob.read pix.write pix.read webhook.write webhook.read";

    private readonly ConcurrentDictionary<string, (PspAccount Account, DateTimeOffset Expires)> _tokens = new();

    public string Issue(PspAccount account)
    {
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        _tokens[token] = (account, clock.GetUtcNow() + Lifetime);
        return token;
    }

    /// <summary>The account of a valid bearer token, or null.</summary>
    public PspAccount? AccountOf(string? authorization)
    {
        const string prefix = "Bearer ";
        if (authorization is null || !authorization.StartsWith(prefix, StringComparison.Ordinal)
            || !_tokens.TryGetValue(authorization[prefix.Length..], out var entry))
        {
            return null;
        }

        return entry.Expires > clock.GetUtcNow() ? entry.Account : null;
    }
}
