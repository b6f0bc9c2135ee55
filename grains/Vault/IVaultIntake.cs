using Lottopar.GrainInterfaces.Vault;

namespace Lottopar.Grains.Vault;

/// <summary>
/// The silo's side of the vault, which a vault grain directs: the operator's files on disk, the
/// database, and LOTTOPAR's vault key (to open files and sign receipts). Heavy work (decrypting,
/// reading, copying records) happens here; the judging and the chain stay with the grain.
/// </summary>
public interface IVaultIntake
{
    /// <summary>The upload's hash and bytes, or null when it is gone (another silo took it first).</summary>
    Task<VaultUploadContent?> ReadAsync(VaultUpload upload, CancellationToken cancellationToken);

    /// <summary>The file an operator sent with these bytes before, if any.</summary>
    Task<VaultFileRow?> FindAsync(string oprid, string sha256, CancellationToken cancellationToken);

    /// <summary>
    /// Opens the file (decrypt, verify the signer against <paramref name="signerPems"/>) and reads it,
    /// the records streaming into the database uncommitted: commit them with the row, or dispose.
    /// </summary>
    Task<IVaultStagedFile> StageAsync(string oprid, Guid fileId, byte[] file, IReadOnlyList<string> signerPems, DateTimeOffset receivedAt, CancellationToken cancellationToken);

    /// <summary>Keeps a rejected file's row; the same bytes kept before win (<see cref="VaultSaveOutcome.Repeat"/>).</summary>
    Task<VaultSaveOutcome> SaveRejectedAsync(VaultFileRow row, CancellationToken cancellationToken);

    /// <summary>Signs a receipt's content as LOTTOPAR (CMS SignedData, DER, content attached).</summary>
    byte[] SignReceipt(byte[] content);

    /// <summary>Puts the row's receipt in the operator's <c>receipts/</c>, archives the upload and takes it out of <c>incoming/</c>.</summary>
    Task DeliverAsync(VaultUpload upload, VaultFileRow row, CancellationToken cancellationToken);

    /// <summary>An operator's accepted files whose player records have not been applied yet, in chain order (at most 100).</summary>
    Task<IReadOnlyList<Guid>> UnfedFilesAsync(string oprid, CancellationToken cancellationToken);

    /// <summary>Notes that a file's player records have been applied.</summary>
    Task MarkFedAsync(Guid fileId, CancellationToken cancellationToken);

    /// <summary>The stored records of a file that change a player (<see cref="VaultPlayerReports.Types"/>), in file order.</summary>
    Task<IReadOnlyList<VaultStoredRecord>> PlayerRecordsAsync(Guid fileId, CancellationToken cancellationToken);

    /// <summary>An operator's accepted files from a place in its chain on, in chain order.</summary>
    Task<IReadOnlyList<VaultFileRow>> AcceptedFromAsync(string oprid, long chainPosition, CancellationToken cancellationToken);
}

/// <summary>A stored record: its id, type (wire name), time, player and XML.</summary>
public sealed record VaultStoredRecord(string RecordId, string Type, DateTimeOffset At, string Cpf, string Xml);

/// <summary>An upload as read: its SHA-256 and size, and its bytes unless it is too large to open at all.</summary>
public sealed record VaultUploadContent(string Sha256, long Size, byte[]? Bytes);

/// <summary>A file opened and read, its records staged: why it cannot be accepted, or the commit that keeps it.</summary>
public interface IVaultStagedFile : IAsyncDisposable
{
    /// <summary>The envelope's refusal (decryption, signature, signer), if any: then nothing was read.</summary>
    VaultFileError? EnvelopeError { get; }

    /// <summary>What reading the XML found; null when the envelope was refused.</summary>
    VaultFileCheck? Check { get; }

    /// <summary>The records read, per type (wire name), with their amounts.</summary>
    IReadOnlyDictionary<string, VaultTypeCount> Counts { get; }

    /// <summary>The daily wallets read that do not add up (the first <see cref="MaxWalletMismatchesKept"/>), and how many there were.</summary>
    IReadOnlyList<WalletMismatch> WalletMismatches { get; }

    int WalletMismatchCount { get; }

    const int MaxWalletMismatchesKept = 20;

    Task<VaultSaveOutcome> CommitAsync(VaultFileRow row, CancellationToken cancellationToken);
}
