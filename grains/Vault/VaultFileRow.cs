namespace Lottopar.Grains.Vault;

/// <summary>
/// One distinct file an operator sent, as <c>vault_files</c> keeps it and its receipt tells it: the
/// place of an accepted file in the operator's chain, and the receipt LOTTOPAR signed for it.
/// </summary>
public sealed record VaultFileRow(
    Guid Id, string Oprid, string FileName, string Sha256, long SizeBytes, DateTimeOffset ReceivedAt, bool Accepted,
    long? Sequence, DateTimeOffset? Hour, int? Part, int? Parts, int RecordCount, IReadOnlyDictionary<string, VaultTypeCount> Counts,
    int ErrorCount, IReadOnlyList<VaultFileError> Errors, VaultChainEntry? Chain, byte[] Receipt);

/// <summary>Records of one type in a file and the sum of their amounts (centavos).</summary>
public sealed record VaultTypeCount(long Records, long Amount);

/// <summary>An accepted file's place in its operator's chain (1 for the first) with the link before it and its own.</summary>
public sealed record VaultChainEntry(long Position, string Previous, string Value);

/// <summary>How saving a file ended: stored, or refused by what other files already hold.</summary>
public enum VaultSaveOutcome
{
    Stored,

    /// <summary>The same bytes were stored before (the row found by its SHA-256 answers).</summary>
    Repeat,

    /// <summary>Another file was accepted under this sequence number, or took this place in the chain.</summary>
    SequenceConflict,

    /// <summary>A record id of this file belongs to a record of an earlier file.</summary>
    RecordIdTaken,
}
