using Lottopar.GrainInterfaces.Common;

namespace Lottopar.GrainInterfaces.Credentials;

public enum ApiKeyStatus
{
    Active,

    /// <summary>Replaced by a newer key; still accepted until its grace period ends.</summary>
    Rotated,

    Revoked,
}

/// <summary>An API key as listed: its public prefix, never its secret.</summary>
public sealed record ApiKeyView(
    string KeyId,
    string Prefix,
    DeploymentEnvironment Environment,
    IReadOnlyList<string> Scopes,
    ApiKeyStatus Status,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset? LastUsedAt,
    DateTimeOffset? GraceUntil,
    string? ReplacedBy,
    DateTimeOffset? RevokedAt);

/// <summary>A newly issued key. <see cref="Key"/> is shown this once and stored nowhere in clear.</summary>
public sealed record IssuedApiKey(string Key, ApiKeyView View);

/// <summary>A presented key, split by the front end; the secret never leaves the authentication path.</summary>
public sealed record ApiKeyPresentation(string KeyId, string Secret, DeploymentEnvironment KeyEnvironment, ApiScope RequiredScope, string? ClientIp, string? Route);

/// <summary>The verdict on a presented key.</summary>
/// <param name="StatusCode">401 (not a valid key), 403 (valid key, not allowed) or 429 (rate limited) when refused.</param>
/// <param name="LogCode">What the security log records, when it says more than the caller may learn (a forged secret of a real key is "invalid_secret"; the caller hears "unknown_key").</param>
public sealed record ApiKeyVerdict(
    bool Allowed,
    string Oprid,
    string? KeyPrefix,
    IReadOnlyList<string> Scopes,
    string? RefusalCode,
    string? Message,
    int StatusCode,
    TimeSpan? RetryAfter,
    string? LogCode = null)
{
    public static ApiKeyVerdict Allow(string oprid, string prefix, IReadOnlyList<string> scopes) => new(true, oprid, prefix, scopes, null, null, 200, null);

    public static ApiKeyVerdict Refuse(string oprid, string? prefix, int statusCode, string code, string message, TimeSpan? retryAfter = null) =>
        new(false, oprid, prefix, [], code, message, statusCode, retryAfter);
}
