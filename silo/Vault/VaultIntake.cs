using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using Lottopar.GrainInterfaces.Operators;
using Lottopar.GrainInterfaces.Vault;
using Lottopar.Grains.Vault;
using Microsoft.Extensions.Options;

namespace Lottopar.Silo.Vault;

/// <summary>
/// The silo's side of the vault (<see cref="IVaultIntake"/>): reads uploads from the operators'
/// jails, opens them with LOTTOPAR's vault key, streams their records into PostgreSQL, signs
/// receipts, and files the upload away in the archive (<c>archive/OPRID/yyyy/MM/dd/SHA256.p7m</c>).
/// </summary>
public sealed class VaultIntake(VaultFileStore store, VaultKey key, IOptions<VaultOptions> options) : IVaultIntake
{
    private static readonly Oid Sha256 = new("2.16.840.1.101.3.4.2.1");

    /// <summary>An upload larger than this is not opened: its content could not be under the XML limit.</summary>
    public const long MaxUploadBytes = VaultEnvelope.MaxContentBytes + (64L * 1024 * 1024);

    public async Task<VaultUploadContent?> ReadAsync(VaultUpload upload, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = new FileStream(upload.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan | FileOptions.Asynchronous);
            if (stream.Length > MaxUploadBytes)
            {
                return new VaultUploadContent(Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken)), stream.Length, null);
            }

            var bytes = new byte[stream.Length];
            await stream.ReadExactlyAsync(bytes, cancellationToken);
            return new VaultUploadContent(Convert.ToHexStringLower(SHA256.HashData(bytes)), bytes.LongLength, bytes);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    public Task<VaultFileRow?> FindAsync(string oprid, string sha256, CancellationToken cancellationToken) => store.FindAsync(oprid, sha256, cancellationToken);

    public async Task<IVaultStagedFile> StageAsync(
        string oprid, Guid fileId, byte[] file, IReadOnlyList<string> signerPems, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        var signers = signerPems.Select(pem => X509Certificate2.CreateFromPem(pem)).ToList();
        try
        {
            // Decrypting, verifying and reading are CPU work: off the grain's turn, onto the thread pool.
            var opened = await Task.Run(() => VaultEnvelope.Open(file, key.Certificate, signers, receivedAt), cancellationToken);
            if (opened.Error is { } refused)
            {
                return new StagedFile(null, refused, null);
            }

            var staging = await store.BeginAsync(fileId, oprid, cancellationToken);
            var staged = new StagedFile(staging, null, null);
            try
            {
                staged.Check = await Task.Run(() => VaultFileReader.Read(new MemoryStream(opened.Xml!, writable: false), new VaultFileExpectations(oprid, receivedAt), staged.Take), cancellationToken);
                return staged;
            }
            catch
            {
                await staged.DisposeAsync();
                throw;
            }
        }
        finally
        {
            signers.ForEach(s => s.Dispose());
        }
    }

    public Task<VaultSaveOutcome> SaveRejectedAsync(VaultFileRow row, CancellationToken cancellationToken) => store.SaveRejectedAsync(row, cancellationToken);

    public byte[] SignReceipt(byte[] content)
    {
        var signed = new SignedCms(new ContentInfo(content), detached: false);
        signed.ComputeSignature(new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, key.Certificate)
        {
            DigestAlgorithm = Sha256,
            IncludeOption = X509IncludeOption.EndCertOnly,
        });
        return signed.Encode();
    }

    public async Task DeliverAsync(VaultUpload upload, VaultFileRow row, CancellationToken cancellationToken)
    {
        var home = Path.Combine(options.Value.HomesDirectory!, VaultAccountNames.Of(row.Oprid));
        var receipt = Path.Combine(home, "receipts", upload.FileName + VaultReceipts.Suffix);
        var written = receipt + ".tmp";
        await File.WriteAllBytesAsync(written, row.Receipt, cancellationToken);
        File.Move(written, receipt, overwrite: true);
        if (!File.Exists(upload.Path))
        {
            return;
        }

        var day = row.ReceivedAt.UtcDateTime;
        var archived = Path.Combine(options.Value.ArchiveDirectory!, row.Oprid, $"{day:yyyy}", $"{day:MM}", $"{day:dd}", row.Sha256 + ".p7m");
        Directory.CreateDirectory(Path.GetDirectoryName(archived)!);
        File.Move(upload.Path, archived, overwrite: true);
    }

    public Task<IReadOnlyList<Guid>> UnfedFilesAsync(string oprid, CancellationToken cancellationToken) => store.UnfedAsync(oprid, cancellationToken);

    public Task MarkFedAsync(Guid fileId, CancellationToken cancellationToken) => store.MarkFedAsync(fileId, cancellationToken);

    public Task<IReadOnlyList<VaultStoredRecord>> PlayerRecordsAsync(Guid fileId, CancellationToken cancellationToken) =>
        store.RecordsAsync(fileId, VaultPlayerReports.Types, cancellationToken);

    public Task<IReadOnlyList<VaultFileRow>> AcceptedFromAsync(string oprid, long chainPosition, CancellationToken cancellationToken) =>
        store.AcceptedFromAsync(oprid, chainPosition, cancellationToken);

    private sealed class StagedFile(VaultRecordStaging? staging, VaultFileError? envelopeError, VaultFileCheck? check) : IVaultStagedFile
    {
        private readonly Dictionary<string, VaultTypeCount> _counts = [];
        private readonly List<WalletMismatch> _wallets = [];

        public VaultFileError? EnvelopeError { get; } = envelopeError;

        public VaultFileCheck? Check { get; set; } = check;

        public IReadOnlyDictionary<string, VaultTypeCount> Counts => _counts;

        public IReadOnlyList<WalletMismatch> WalletMismatches => _wallets;

        public int WalletMismatchCount { get; private set; }

        public void Take(VaultRecord record)
        {
            staging!.Write(record);
            var type = record.Type.WireName();
            var count = _counts.GetValueOrDefault(type) ?? new VaultTypeCount(0, 0);
            _counts[type] = new VaultTypeCount(count.Records + 1, count.Amount + record.Amount);
            if (VaultWallets.Check(record) is { } mismatch)
            {
                WalletMismatchCount++;
                if (_wallets.Count < IVaultStagedFile.MaxWalletMismatchesKept)
                {
                    _wallets.Add(mismatch);
                }
            }
        }

        public Task<VaultSaveOutcome> CommitAsync(VaultFileRow row, CancellationToken cancellationToken) =>
            staging?.CommitAsync(row, cancellationToken) ?? throw new InvalidOperationException("A refused envelope has nothing to commit.");

        public ValueTask DisposeAsync() => staging?.DisposeAsync() ?? ValueTask.CompletedTask;
    }
}
