using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Operators;
using Lottopar.Grains.Common;
using Lottopar.Grains.Validation;
using Lottopar.Providers.Abstractions;
using Orleans;
using Orleans.Runtime;
using UniqueKey = Lottopar.Providers.Abstractions.UniqueKey;

namespace Lottopar.Grains.Operators;

public sealed class VaultCredentialsState : IHasOutbox, IHoldsUniqueKeys
{
    public List<VaultSshKey> SshKeys { get; set; } = [];

    public VaultSigningCertificate? SigningCertificate { get; set; }

    public List<string> AllowedSources { get; set; } = [];

    [System.Text.Json.Serialization.JsonIgnore]
    public GrainOutbox Outbox { get; } = new();

    /// <summary>An SSH key logs in one operator only: its fingerprint is unique across operators.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyCollection<UniqueKey> UniqueKeys => [.. SshKeys.Select(k => new UniqueKey("vault.ssh_key", k.Fingerprint))];
}

/// <summary>
/// An operator's vault credentials. On Orleans (issue 16): its state in the same row as before,
/// audit entries and SSH-key claims committed with it.
/// </summary>
[GrainType("vault_credentials")]
public sealed class VaultCredentialsGrain(
    [PersistentState(GrainStorageNames.State, GrainStorageNames.Storage)] IPersistentState<VaultCredentialsState> state,
    TimeProvider clock) : OrleansAuditedGrain<VaultCredentialsState>(state, clock), IVaultCredentialsGrain
{
    public const string TargetType = "vault_credentials";
    private const int MaxSshKeys = 10;
    private const int MaxAllowedSources = 20;

    private static readonly Dictionary<string, (string Field, string What)> Fields = new()
    {
        ["vault.ssh_key"] = ("publicKey", "SSH key"),
    };

    protected override string AuditTargetType => TargetType;

    protected override IReadOnlyDictionary<string, (string Field, string What)> UniqueFields => Fields;

    private string Oprid => this.GetPrimaryKeyString();

    public Task<VaultCredentialsView> GetAsync() => Task.FromResult(View());

    public async Task<VaultCredentialsView> AddSshKeyAsync(string publicKey, Actor actor)
    {
        await RequireOperatorAsync();
        if (!SshPublicKey.TryParse(publicKey, out var key, out var error))
        {
            throw DomainValidationException.For("publicKey", error ?? "Not an OpenSSH public key line.");
        }

        if (State.SshKeys.Any(k => k.Fingerprint == key!.Fingerprint))
        {
            throw new DomainConflictException("publicKey", $"This SSH key is already registered to {Oprid}.");
        }

        if (State.SshKeys.Count >= MaxSshKeys)
        {
            throw new DomainConflictException("publicKey", $"{Oprid} already has {MaxSshKeys} SSH keys; remove one first.");
        }

        var before = View();
        State.SshKeys.Add(new VaultSshKey(key!.Fingerprint, key.Algorithm, key.ToAuthorizedKeysLine(), key.Comment, Clock.GetUtcNow()));
        await SaveAsync(actor, "vault.ssh_key_added", before);
        return View();
    }

    public async Task<VaultCredentialsView> RemoveSshKeyAsync(string fingerprint, Actor actor)
    {
        var index = State.SshKeys.FindIndex(k => k.Fingerprint == fingerprint);
        if (index < 0)
        {
            throw new DomainNotFoundException($"{Oprid} has no SSH key {fingerprint}.");
        }

        var before = View();
        State.SshKeys.RemoveAt(index);
        await SaveAsync(actor, "vault.ssh_key_removed", before);
        return View();
    }

    public async Task<VaultCredentialsView> SetSigningCertificateAsync(string pem, Actor actor)
    {
        await RequireOperatorAsync();
        if (!SigningCertificate.TryParse(pem, Clock.GetUtcNow(), out var certificate, out var error))
        {
            throw DomainValidationException.For("pem", error ?? "Not a PEM X.509 certificate.");
        }

        var before = View();
        State.SigningCertificate = new VaultSigningCertificate(
            certificate!.Subject, certificate.ThumbprintSha256, certificate.KeyAlgorithm, certificate.NotBefore, certificate.NotAfter, certificate.Pem);
        await SaveAsync(actor, "vault.signing_certificate_set", before);
        return View();
    }

    public async Task<VaultCredentialsView> SetAllowedSourcesAsync(IReadOnlyList<string> sources, Actor actor)
    {
        await RequireOperatorAsync();
        var errors = new ValidationErrors();
        var ranges = IpAllowList.Validate(sources, "allowedSources", MaxAllowedSources, errors);
        errors.ThrowIfAny();
        var before = View();
        State.AllowedSources = ranges;
        await SaveAsync(actor, "vault.allowed_sources_set", before);
        return View();
    }

    private Task<OperatorView> RequireOperatorAsync() => GrainFactory.Keyed<IOperatorGrain>(Oprid).GetAsync();

    private Task SaveAsync(Actor actor, string action, VaultCredentialsView before) => SaveAuditedAsync(actor, action, Oprid, before, View());

    private VaultCredentialsView View() => new(Oprid, [.. State.SshKeys], State.SigningCertificate, [.. State.AllowedSources]);
}
