using Lottopar.Providers.Abstractions;

namespace Lottopar.Grains.Vault;

/// <summary>An operator's vault: its ledger, the length of its chain, what it still owes the players, and since when it is watched.</summary>
public sealed class VaultGrainState : IHasOutbox
{
    public VaultLedgerState Ledger { get; set; } = new();

    /// <summary>Accepted files so far: the chain's length, and the place of the last one.</summary>
    public long ChainLength { get; set; }

    /// <summary>The first hour the operator owes a file for; none until the vault watches it.</summary>
    public DateTimeOffset? WatchedFrom { get; set; }

    [System.Text.Json.Serialization.JsonIgnore]
    public GrainOutbox Outbox { get; } = new();
}
