using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Credentials;
using Lottopar.Providers.Abstractions;

namespace Lottopar.Grains.Credentials;

public sealed class ApiCredentialsState : IHasOutbox
{
    public List<ApiKeyRecord> Keys { get; set; } = [];

    [System.Text.Json.Serialization.JsonIgnore]
    public GrainOutbox Outbox { get; } = new();
}

/// <summary>A stored key: the hash of its secret, never the secret.</summary>
public sealed class ApiKeyRecord
{
    public string KeyId { get; set; } = "";

    public string Prefix { get; set; } = "";

    public DeploymentEnvironment Environment { get; set; }

    public List<string> Scopes { get; set; } = [];

    public string SecretHash { get; set; } = "";

    public ApiKeyStatus Status { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public string CreatedBy { get; set; } = "";

    public DateTimeOffset? LastUsedAt { get; set; }

    public DateTimeOffset? GraceUntil { get; set; }

    public string? ReplacedBy { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public ApiKeyView View() => new(KeyId, Prefix, Environment, [.. Scopes], Status, CreatedAt, CreatedBy, LastUsedAt, GraceUntil, ReplacedBy, RevokedAt);
}
