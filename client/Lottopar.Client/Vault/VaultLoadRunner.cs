using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;

namespace Lottopar.Client.Vault;

/// <summary>What a vault load sends: consecutive hours from <see cref="FirstHour"/>, one file each, sequences from <see cref="FirstSequence"/>.</summary>
public sealed record VaultLoadOptions(
    string Oprid, DateTimeOffset FirstHour, long FirstSequence, int Hours, int RecordsPerHour, int Players = 2_000, int Concurrency = 2, int Seed = 1);

/// <summary>One file of a vault load: its records, verdict, and the time from the start of its upload to its receipt.</summary>
public sealed record VaultLoadFile(string Name, long Records, VaultVerdict? Verdict, TimeSpan UploadToReceipt);

/// <summary>A vault load's outcome: every file, and the time from the first upload to the last receipt.</summary>
public sealed record VaultLoadReport(IReadOnlyList<VaultLoadFile> Files, TimeSpan Elapsed)
{
    public long Records => Files.Sum(f => f.Records);

    public double RecordsPerSecond => Elapsed > TimeSpan.Zero ? Records / Elapsed.TotalSeconds : 0;
}

/// <summary>
/// <c>lottopar load vault</c>: generates hours with <see cref="VaultHourGenerator"/>, seals them as an
/// operator would (<see cref="VaultFileSealer"/>), all before the clock starts, then pushes them over
/// SFTP a few at a time (<see cref="VaultSftpPusher"/>), waiting for and verifying each receipt.
/// </summary>
public sealed class VaultLoadRunner(VaultSftpTarget target, X509Certificate2 signer, X509Certificate2 vault)
{
    public static readonly TimeSpan ReceiptWait = TimeSpan.FromMinutes(10);

    /// <param name="workDirectory">Where the generated and sealed files are written (kept for inspection).</param>
    public async Task<VaultLoadReport> RunAsync(VaultLoadOptions options, string workDirectory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var files = Enumerable.Range(0, options.Hours).Select(i => VaultSealedHour.Write(new VaultHourOptions(
            options.Oprid, options.FirstHour.AddHours(i), options.FirstSequence + i, options.Players, options.RecordsPerHour, Parts: 1, options.Seed + i),
            workDirectory, signer, vault)).ToList();

        var pusher = new VaultSftpPusher(target);
        var clock = Stopwatch.StartNew();
        using var slots = new SemaphoreSlim(Math.Max(1, options.Concurrency));
        var pushed = await Task.WhenAll(files.Select(async file =>
        {
            await slots.WaitAsync(cancellationToken);
            try
            {
                var started = clock.Elapsed;
                var result = await pusher.PushAsync(file.SealedPath, ReceiptWait, vault, cancellationToken);
                return new VaultLoadFile(result.RemoteName, file.Records, result.Receipt?.Verdict, clock.Elapsed - started);
            }
            finally
            {
                slots.Release();
            }
        }));
        return new VaultLoadReport(pushed, clock.Elapsed);
    }
}
