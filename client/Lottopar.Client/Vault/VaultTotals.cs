namespace Lottopar.Client.Vault;

/// <summary>The header's control totals (docs/vault-format.md, section 3): per record type, how many and the sum of their <c>amount</c> in centavos.</summary>
public sealed class VaultTotals
{
    private readonly long[] _records = new long[VaultRecordKinds.All.Count];
    private readonly long[] _amounts = new long[VaultRecordKinds.All.Count];

    /// <summary>Counts one record; <paramref name="amount"/> is its top-level <c>amount</c>, added only for the five types that have one.</summary>
    public void Add(string type, long amount)
    {
        var rank = VaultRecordKinds.Rank(type);
        ArgumentOutOfRangeException.ThrowIfNegative(rank, nameof(type));
        _records[rank]++;
        if (VaultRecordKinds.HasAmount(type))
        {
            _amounts[rank] += amount;
        }
    }

    public long Records(string type) => _records[VaultRecordKinds.Rank(type)];

    public long Amount(string type) => _amounts[VaultRecordKinds.Rank(type)];

    public long AllRecords => _records.Sum();
}
