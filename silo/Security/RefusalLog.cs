using Lottopar.GrainInterfaces.Common;
using System.Collections.Concurrent;
using Lottopar.GrainInterfaces.Security;
using Microsoft.Extensions.Options;

namespace Lottopar.Silo.Security;

/// <summary>
/// Where refused credentials (API keys, session tokens, sign-ins) are recorded and limited, so that
/// a flood of forged credentials costs the database almost nothing: per window, a kind of refusal
/// (operator, code, client address) is written once when it first happens and once more with the
/// count of the rest; and an address that keeps being refused is answered 429 before any grain is
/// called. The counts of the current window live in memory: a crash loses at most one window's
/// tally, never the first record of a kind.
/// </summary>
public sealed class RefusalLog(Orleans.IGrainFactory grains, TimeProvider clock, IOptions<RefusalOptions> options, ILogger<RefusalLog> logger)
{
    private const string ManyAddresses = "(many)";

    private readonly RefusalOptions _options = options.Value;
    private readonly ConcurrentDictionary<Kind, Tally> _tallies = new();
    private readonly ConcurrentDictionary<string, Tally> _perAddress = new();

    /// <summary>How long this address must wait, when it has been refused too often in the current window; null otherwise.</summary>
    public TimeSpan? RetryAfter(string? clientIp)
    {
        var now = clock.GetUtcNow();
        if (clientIp is null || !_perAddress.TryGetValue(clientIp, out var tally) || !tally.IsCurrent(now, _options.Window))
        {
            return null;
        }

        return tally.Count >= _options.PerAddress ? tally.Ends(_options.Window) - now : null;
    }

    /// <summary>
    /// Counts a refusal. The first of its kind in the window is published (committed before this
    /// returns); the others are counted for <see cref="FlushAsync"/>.
    /// </summary>
    public async Task RecordAsync(AccessRefused refusal)
    {
        var now = clock.GetUtcNow();
        if (refusal.ClientIp is { } address)
        {
            CountAddress(address, now);
        }

        // A window that has ended but is not flushed yet keeps counting: the flush writes it a moment later.
        var kind = new Kind(refusal.Oprid, refusal.Code, refusal.ClientIp, refusal.Environment);
        if (!_tallies.ContainsKey(kind) && _tallies.Count >= _options.MaxTracked)
        {
            kind = kind with { ClientIp = ManyAddresses };
        }

        var tally = _tallies.GetOrAdd(kind, _ => new Tally(now));
        if (tally.Increment() == 1)
        {
            await PublishAsync(refusal);
        }
        else
        {
            tally.Remember(refusal);
        }
    }

    /// <summary>
    /// Writes one row per kind for the refusals counted after its first in windows that have ended,
    /// and forgets those windows. Run periodically (<see cref="RefusalLogFlusher"/>).
    /// </summary>
    public async Task FlushAsync(bool all = false)
    {
        var now = clock.GetUtcNow();
        foreach (var (kind, tally) in _tallies)
        {
            if ((all || !tally.IsCurrent(now, _options.Window)) && _tallies.TryRemove(new KeyValuePair<Kind, Tally>(kind, tally)))
            {
                var (unpublished, last) = tally.Unpublished();
                if (unpublished > 0 && last is not null)
                {
                    await PublishAsync(last with
                    {
                        ClientIp = kind.ClientIp,
                        Count = unpublished,
                        Message = $"{last.Message} ({unpublished} more since {tally.Started:u})",
                    });
                }
            }
        }

        foreach (var (address, tally) in _perAddress)
        {
            if (!tally.IsCurrent(now, _options.Window))
            {
                _perAddress.TryRemove(new KeyValuePair<string, Tally>(address, tally));
            }
        }
    }

    /// <summary>Counts a refusal of an address; an ended window starts over.</summary>
    private void CountAddress(string address, DateTimeOffset now)
    {
        while (true)
        {
            var tally = _perAddress.GetOrAdd(address, _ => new Tally(now));
            if (tally.IsCurrent(now, _options.Window))
            {
                tally.Increment();
                return;
            }

            _perAddress.TryRemove(new KeyValuePair<string, Tally>(address, tally));
        }
    }

    private async Task PublishAsync(AccessRefused refusal)
    {
        try
        {
            await grains.Keyed<IAccessMonitorGrain>(string.IsNullOrWhiteSpace(refusal.Oprid) ? SecurityStreams.Unidentified : refusal.Oprid).RecordAsync(refusal);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // Recording a refusal must never turn it into a 500; the refusal itself still stands.
            logger.LogWarning("A refused access could not be recorded: {Error}", error.Message);
        }
    }

    private readonly record struct Kind(string? Oprid, string Code, string? ClientIp, Lottopar.GrainInterfaces.Common.DeploymentEnvironment Environment);

    private sealed class Tally(DateTimeOffset started)
    {
        private long _count;
        private AccessRefused? _last;

        public DateTimeOffset Started => started;

        public long Count => Interlocked.Read(ref _count);

        public bool IsCurrent(DateTimeOffset now, TimeSpan window) => now < started + window;

        public DateTimeOffset Ends(TimeSpan window) => started + window;

        public long Increment() => Interlocked.Increment(ref _count);

        public void Remember(AccessRefused refusal) => Volatile.Write(ref _last, refusal);

        /// <summary>The refusals after the first (which was published when it happened), with the latest of them.</summary>
        public (int Count, AccessRefused? Last) Unpublished() => ((int)Math.Min(int.MaxValue, Count - 1), Volatile.Read(ref _last));
    }
}

/// <summary>Writes the counted refusals of ended windows every few seconds, and all of them at shutdown.</summary>
public sealed class RefusalLogFlusher(RefusalLog log, IOptions<RefusalOptions> options) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var period = TimeSpan.FromTicks(Math.Max(TimeSpan.FromMilliseconds(100).Ticks, options.Value.Window.Ticks / 4));
        using var timer = new PeriodicTimer(period);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await log.FlushAsync();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await log.FlushAsync(all: true);
    }
}
