using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Credentials;
using Lottopar.GrainInterfaces.Operators;
using Lottopar.Grains.Common;
using Lottopar.Providers.Abstractions;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Runtime;

namespace Lottopar.Grains.Credentials;

/// <summary>An operator's API keys, on Orleans (issue 16): same row, audit committed with it.</summary>
[GrainType("api_credentials")]
public sealed class ApiCredentialsGrain(
    [PersistentState(GrainStorageNames.State, GrainStorageNames.Storage)] IPersistentState<ApiCredentialsState> state,
    TimeProvider clock,
    IOptions<ApiCredentialsOptions> options) : OrleansAuditedGrain<ApiCredentialsState>(state, clock), IApiCredentialsGrain
{
    public const string TargetType = "api_key";
    private readonly ApiCredentialsOptions _options = options.Value;
    private readonly Dictionary<string, TokenBucket> _buckets = [];

    protected override string AuditTargetType => TargetType;

    private string Oprid => this.GetPrimaryKeyString();

    public async Task<IssuedApiKey> CreateAsync(DeploymentEnvironment environment, IReadOnlyList<string> scopes, Actor actor)
    {
        await GrainFactory.Keyed<IOperatorGrain>(Oprid).GetAsync();
        var validScopes = ValidateScopes(scopes);
        if (State.Keys.Count(k => k.Environment == environment && k.Status != ApiKeyStatus.Revoked) >= _options.MaxKeysPerEnvironment)
        {
            throw new DomainConflictException("environment", $"{Oprid} already holds {_options.MaxKeysPerEnvironment} live {environment.Display()} keys; revoke one first.");
        }

        var issued = Issue(environment, validScopes, actor);
        await SaveAsync(actor, "api_key.created", issued.KeyId, before: null, after: issued.Record.View());
        return new IssuedApiKey(issued.Key, issued.Record.View());
    }

    public Task<IReadOnlyList<ApiKeyView>> ListAsync() => Task.FromResult<IReadOnlyList<ApiKeyView>>([.. State.Keys.Select(k => k.View())]);

    public async Task<IssuedApiKey> RotateAsync(string keyId, Actor actor)
    {
        var old = Find(keyId);
        if (old.Status != ApiKeyStatus.Active)
        {
            throw new DomainConflictException("keyId", $"Key {old.Prefix} is {old.Status.ToString().ToLowerInvariant()}; only an active key can be rotated.");
        }

        var before = old.View();
        var replacement = Issue(old.Environment, old.Scopes, actor);
        old.Status = ApiKeyStatus.Rotated;
        old.GraceUntil = Clock.GetUtcNow() + _options.RotationGracePeriod;
        old.ReplacedBy = replacement.KeyId;
        PublishAudit(actor, "api_key.created", $"{Oprid}/{replacement.KeyId}", before: null, replacement.Record.View(), $"replaces {old.Prefix}");
        await SaveAsync(actor, "api_key.rotated", old.KeyId, before, old.View());
        return new IssuedApiKey(replacement.Key, replacement.Record.View());
    }

    public async Task<ApiKeyView> RevokeAsync(string keyId, Actor actor)
    {
        var key = Find(keyId);
        if (key.Status == ApiKeyStatus.Revoked)
        {
            throw new DomainConflictException("keyId", $"Key {key.Prefix} is already revoked.");
        }

        var before = key.View();
        key.Status = ApiKeyStatus.Revoked;
        key.RevokedAt = Clock.GetUtcNow();
        await SaveAsync(actor, "api_key.revoked", key.KeyId, before, key.View());
        return key.View();
    }

    public async Task<ApiKeyVerdict> AuthenticateAsync(ApiKeyPresentation presentation, DeploymentEnvironment deployment, OperatorAccess operatorAccess)
    {
        var key = State.Keys.Find(k => k.KeyId == presentation.KeyId);
        if (key is null || key.Environment != presentation.KeyEnvironment || !ApiKeyFormat.SecretMatches(presentation.Secret, key.SecretHash))
        {
            // The caller cannot tell a forged secret from an unknown key; the security log can.
            return ApiKeyVerdict.Refuse(Oprid, null, 401, "unknown_key", "Unknown API key.") with
            {
                KeyPrefix = key?.Prefix,
                LogCode = key is null ? "unknown_key" : "invalid_secret",
            };
        }

        return await JudgeAsync(key, presentation, deployment, operatorAccess);
    }

    private async Task<ApiKeyVerdict> JudgeAsync(ApiKeyRecord key, ApiKeyPresentation presentation, DeploymentEnvironment deployment, OperatorAccess access)
    {
        var now = Clock.GetUtcNow();

        if (key.Environment != deployment)
        {
            return ApiKeyVerdict.Refuse(Oprid, key.Prefix, 401, "wrong_environment",
                $"This key belongs to the {key.Environment.Display()} environment; this is the {deployment.Display()} environment.");
        }

        if (key.Status == ApiKeyStatus.Revoked)
        {
            return ApiKeyVerdict.Refuse(Oprid, key.Prefix, 401, "key_revoked", $"This API key was revoked on {key.RevokedAt:u}.");
        }

        if (key.Status == ApiKeyStatus.Rotated && now >= key.GraceUntil)
        {
            return ApiKeyVerdict.Refuse(Oprid, key.Prefix, 401, "key_rotated",
                $"This API key was replaced; its grace period ended at {key.GraceUntil:u}. Use the new key.");
        }

        if (!access.Allowed)
        {
            return ApiKeyVerdict.Refuse(Oprid, key.Prefix, 403, access.RefusalCode!, access.Message!);
        }

        var required = presentation.RequiredScope.WireName();
        if (!key.Scopes.Contains(required))
        {
            return ApiKeyVerdict.Refuse(Oprid, key.Prefix, 403, "scope_missing", $"This API key lacks the '{required}' scope.");
        }

        if (!Bucket(key.KeyId, now).TryTake(now, out var retryAfter))
        {
            return ApiKeyVerdict.Refuse(Oprid, key.Prefix, 429, "rate_limited",
                $"This API key exceeded {_options.RequestsPerSecond} requests per second.", retryAfter);
        }

        if (key.LastUsedAt is null || now - key.LastUsedAt >= _options.LastUsedResolution)
        {
            key.LastUsedAt = now;
            await WriteStateAsync();
        }

        return ApiKeyVerdict.Allow(Oprid, key.Prefix, [.. key.Scopes]);
    }

    private TokenBucket Bucket(string keyId, DateTimeOffset now)
    {
        if (!_buckets.TryGetValue(keyId, out var bucket))
        {
            _buckets[keyId] = bucket = new TokenBucket(_options.Burst, _options.RequestsPerSecond, now);
        }

        return bucket;
    }

    private (string KeyId, string Key, ApiKeyRecord Record) Issue(DeploymentEnvironment environment, IReadOnlyList<string> scopes, Actor actor)
    {
        var (keyId, secret, key, prefix) = ApiKeyFormat.Issue(environment, Oprid);
        var record = new ApiKeyRecord
        {
            KeyId = keyId,
            Prefix = prefix,
            Environment = environment,
            Scopes = [.. scopes],
            SecretHash = ApiKeyFormat.HashSecret(secret),
            Status = ApiKeyStatus.Active,
            CreatedAt = Clock.GetUtcNow(),
            CreatedBy = actor.ToString(),
        };
        State.Keys.Add(record);
        return (keyId, key, record);
    }

    private ApiKeyRecord Find(string keyId) =>
        State.Keys.Find(k => k.KeyId == keyId) ?? throw new DomainNotFoundException($"{Oprid} has no API key {keyId}.");

    private static List<string> ValidateScopes(IReadOnlyList<string>? scopes)
    {
        var requested = (scopes ?? []).Distinct().ToList();
        var unknown = requested.Where(s => !ApiScopes.TryParse(s, out _)).ToList();
        if (requested.Count == 0 || unknown.Count > 0)
        {
            throw DomainValidationException.For("scopes", unknown.Count > 0
                ? $"Unknown scopes: {string.Join(", ", unknown)}. Known: {string.Join(", ", ApiScopes.All)}."
                : $"At least one scope: {string.Join(", ", ApiScopes.All)}.");
        }

        return requested;
    }

    private Task SaveAsync(Actor actor, string action, string keyId, ApiKeyView? before, ApiKeyView after) =>
        SaveAuditedAsync(actor, action, $"{Oprid}/{keyId}", before, after);
}
