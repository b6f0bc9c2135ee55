using System.Collections.Concurrent;
using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Operators;
using Lottopar.GrainInterfaces.Vault;
using Microsoft.Extensions.Options;

namespace Lottopar.Silo.Vault;

/// <summary>
/// Takes completed uploads from the operators' <c>incoming/</c>: a file-system watch wakes it
/// within a moment of a rename, and a rescan every <see cref="VaultOptions.RescanInterval"/>
/// catches whatever the watch missed (a restart, an overflow). Files ending in <c>.part</c> (still
/// uploading) or starting with a dot are left alone. Each operator's files go to its vault grain
/// in name order (hour, then sequence), operators side by side; a file that fails for a passing
/// reason (the database away) stays in <c>incoming/</c> and is tried again.
/// </summary>
public sealed class VaultWatcher(Orleans.IGrainFactory grains, IOptions<VaultOptions> options, TimeProvider clock, ILogger<VaultWatcher> logger) : BackgroundService
{
    public const string PartSuffix = ".part";

    private readonly SemaphoreSlim _wake = new(0);

    /// <summary>When each waiting file was first seen: its received time, kept across retries.</summary>
    private readonly ConcurrentDictionary<string, DateTimeOffset> _firstSeen = new();

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

            var incoming = Path.Combine(home, "incoming");
            var files = Directory.Exists(incoming)
                ? Directory.EnumerateFiles(incoming).Where(IsComplete).Order(StringComparer.Ordinal).ToList()
                : [];
            if (files.Count > 0)
            {
                work.Add(IngestAllAsync(oprid, files, cancellationToken));
            }
        }

        await Task.WhenAll(work);
        foreach (var gone in _firstSeen.Keys.Where(path => !File.Exists(path)).ToList())
        {
            _firstSeen.TryRemove(gone, out _); // the operator took it back before it was judged
        }
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

    private async Task IngestAllAsync(string oprid, List<string> files, CancellationToken cancellationToken)
    {
        var vault = grains.Keyed<IVaultGrain>(oprid);
        foreach (var path in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var receivedAt = _firstSeen.GetOrAdd(path, _ => clock.GetUtcNow());
            try
            {
                var answer = await vault.IngestAsync(new VaultUpload(path, Path.GetFileName(path), receivedAt));
                _firstSeen.TryRemove(path, out _);
                logger.LogInformation("Vault: {Oprid} {File} {Verdict}{Repeat} {Codes}", oprid, Path.GetFileName(path),
                    answer.Accepted ? "accepted" : "rejected", answer.Repeat ? " (repeat)" : "", string.Join(',', answer.ErrorCodes));
            }
            catch (Exception error) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning(error, "Vault: {Oprid} {File} could not be judged now; it stays in incoming/ and is tried again", oprid, Path.GetFileName(path));
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
