using System.Globalization;
using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Operators;
using Lottopar.GrainInterfaces.Vault;
using Microsoft.Extensions.Options;

namespace Lottopar.Silo.Vault;

/// <summary>
/// Takes completed uploads from the operators' <c>incoming/</c>: a file-system watch wakes it
/// within a moment of a rename, and a rescan every <see cref="VaultOptions.RescanInterval"/>
/// catches whatever the watch missed (a restart, an overflow). Files ending in <c>.part</c> (still
/// uploading) or starting with a dot are left alone; the others are claimed (moved out of the
/// operator's reach) and go to the operator's vault grain in name order (hour, then sequence),
/// operators side by side. A file that fails for a passing reason (the database away) waits in
/// <c>processing/</c> and is tried again, also after a restart.
/// </summary>
public sealed class VaultWatcher(Orleans.IGrainFactory grains, IOptions<VaultOptions> options, TimeProvider clock, ILogger<VaultWatcher> logger) : BackgroundService
{
    public const string PartSuffix = ".part";

    private readonly SemaphoreSlim _wake = new(0);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.HomesDirectory is not { } homes)
        {
            return;
        }

        Directory.CreateDirectory(homes);
        using var watch = new FileSystemWatcher(homes) { IncludeSubdirectories = true, NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName };
        watch.Renamed += (_, _) => Wake();
        watch.Created += (_, _) => Wake();
        watch.Error += (_, _) => Wake();
        watch.EnableRaisingEvents = true;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ScanAsync(homes, stoppingToken);
            }
            catch (Exception error) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(error, "Vault: scanning the operators' incoming directories failed; trying again");
            }

            await _wake.WaitAsync(options.Value.RescanInterval, stoppingToken);
            while (_wake.CurrentCount > 0)
            {
                await _wake.WaitAsync(stoppingToken);
            }
        }
    }

    private void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            _wake.Release();
        }
    }

    private async Task ScanAsync(string homes, CancellationToken cancellationToken)
    {
        var work = new List<Task>();
        foreach (var home in Directory.EnumerateDirectories(homes))
        {
            if (!VaultAccountNames.TryOprid(Path.GetFileName(home), out var oprid))
            {
                continue;
            }

            var claimed = ClaimAll(oprid, Path.Combine(home, "incoming"));
            if (claimed.Count > 0)
            {
                work.Add(IngestAllAsync(oprid, claimed, cancellationToken));
            }
        }

        await Task.WhenAll(work);
    }

    /// <summary>
    /// Moves each completed upload out of the operator's reach into <c>processing/OPRID/</c>, its
    /// name prefixed with the time it was taken (the received time, kept across a restart); an
    /// upload renamed over a claimed one is a new file. Returns every claimed file of the operator
    /// (those of a silo that stopped halfway too), in the order of their names: hour, then sequence.
    /// </summary>
    private List<VaultUpload> ClaimAll(string oprid, string incoming)
    {
        var processing = Path.Combine(options.Value.ProcessingDirectory!, oprid);
        if (Directory.Exists(incoming))
        {
            foreach (var path in Directory.EnumerateFiles(incoming).Where(IsComplete))
            {
                Directory.CreateDirectory(processing);
                var claimed = Path.Combine(processing, $"{clock.GetUtcNow().UtcTicks:D19}_{Path.GetFileName(path)}");
                try
                {
                    File.Move(path, claimed);
                }
                catch (Exception error) when (error is FileNotFoundException or IOException)
                {
                    // Taken back by the operator, or by another silo of this host first.
                }
            }
        }

        if (!Directory.Exists(processing))
        {
            return [];
        }

        return [.. Directory.EnumerateFiles(processing)
            .Select(path => (Path: path, Name: Path.GetFileName(path)))
            .Where(f => f.Name.Length > 20 && f.Name[19] == '_' && long.TryParse(f.Name.AsSpan(0, 19), out _))
            .Select(f => new VaultUpload(f.Path, f.Name[20..], new DateTimeOffset(long.Parse(f.Name.AsSpan(0, 19), CultureInfo.InvariantCulture), TimeSpan.Zero)))
            .OrderBy(u => u.FileName, StringComparer.Ordinal).ThenBy(u => u.ReceivedAt)];
    }

    /// <summary>
    /// A completed upload: a regular file (never a link: the silo reads as root, outside the jail),
    /// not named <c>.part</c> or hidden.
    /// </summary>
    private static bool IsComplete(string path)
    {
        var name = Path.GetFileName(path);
        return !name.EndsWith(PartSuffix, StringComparison.Ordinal) && !name.StartsWith('.') && new FileInfo(path).LinkTarget is null;
    }

    private async Task IngestAllAsync(string oprid, List<VaultUpload> uploads, CancellationToken cancellationToken)
    {
        var vault = grains.Keyed<IVaultGrain>(oprid);
        foreach (var upload in uploads)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var answer = await vault.IngestAsync(upload);
                logger.LogInformation("Vault: {Oprid} {File} {Verdict}{Repeat} {Codes}", oprid, upload.FileName,
                    answer.Accepted ? "accepted" : "rejected", answer.Repeat ? " (repeat)" : "", string.Join(',', answer.ErrorCodes));
            }
            catch (Exception error) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning(error, "Vault: {Oprid} {File} could not be judged now; it waits in processing/ and is tried again", oprid, upload.FileName);
                return; // the rest of this operator's files wait their turn: they come in order
            }
        }
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }
}
