using Lottopar.GrainInterfaces.Common;

namespace Lottopar.GrainInterfaces.Credentials;

[Orleans.GenerateSerializer]
public enum ApiKeyStatus
{
    Active,

    /// <summary>Replaced by a newer key; still accepted until its grace period ends.</summary>
    Rotated,

    Revoked,
}

/// <summary>An API key as listed: its public prefix, never its secret.</summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record ApiKeyView(
    [property: Orleans.Id(0)] string KeyId,
    [property: Orleans.Id(1)] string Prefix,
    [property: Orleans.Id(2)] DeploymentEnvironment Environment,
    [property: Orleans.Id(3)] IReadOnlyList<string> Scopes,
    [property: Orleans.Id(4)] ApiKeyStatus Status,
    [property: Orleans.Id(5)] DateTimeOffset CreatedAt,
    [property: Orleans.Id(6)] string CreatedBy,
    [property: Orleans.Id(7)] DateTimeOffset? LastUsedAt,
    [property: Orleans.Id(8)] DateTimeOffset? GraceUntil,
    [property: Orleans.Id(9)] string? ReplacedBy,
    [property: Orleans.Id(10)] DateTimeOffset? RevokedAt);

/// <summary>A newly issued key. <see cref="Key"/> is shown this once and stored nowhere in clear.</summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record IssuedApiKey(
    [property: Orleans.Id(0)] string Key,
    [property: Orleans.Id(1)] ApiKeyView View);

/// <summary>A presented key, split by the front end; the secret never leaves the authentication path.</summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record ApiKeyPresentation(
    [property: Orleans.Id(0)] string KeyId,
    [property: Orleans.Id(1)] string Secret,
    [property: Orleans.Id(2)] DeploymentEnvironment KeyEnvironment,
    [property: Orleans.Id(3)] ApiScope RequiredScope,
    [property: Orleans.Id(4)] string? ClientIp,
    [property: Orleans.Id(5)] string? Route);

/// <summary>The verdict on a presented key.</summary>
/// <param name="StatusCode">401 (not a valid key), 403 (valid key, not allowed) or 429 (rate limited) when refused.</param>
/// <param name="LogCode">What the security log records, when it says more than the caller may learn (a forged secret of a real key is "invalid_secret"; the caller hears "unknown_key").</param>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record ApiKeyVerdict(
    [property: Orleans.Id(0)] bool Allowed,
    [property: Orleans.Id(1)] string Oprid,
    [property: Orleans.Id(2)] string? KeyPrefix,
    [property: Orleans.Id(3)] IReadOnlyList<string> Scopes,
    [property: Orleans.Id(4)] string? RefusalCode,
    [property: Orleans.Id(5)] string? Message,
    [property: Orleans.Id(6)] int StatusCode,
    [property: Orleans.Id(7)] TimeSpan? RetryAfter,
    [property: Orleans.Id(8)] string? LogCode = null)
{
    public static ApiKeyVerdict Allow(string oprid, string prefix, IReadOnlyList<string> scopes) => new(true, oprid, prefix, scopes, null, null, 200, null);

    public static ApiKeyVerdict Refuse(string oprid, string? prefix, int statusCode, string code, string message, TimeSpan? retryAfter = null) =>
        new(false, oprid, prefix, [], code, message, statusCode, retryAfter);
}
