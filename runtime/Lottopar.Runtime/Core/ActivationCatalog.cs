using System.Collections.Concurrent;
using System.Diagnostics;
using Lottopar.Runtime.Metrics;
using Lottopar.Runtime.Reminders;
using Lottopar.Runtime.Storage;
using Lottopar.Runtime.Streams;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lottopar.Runtime.Core;

/// <summary>
/// The activations of this silo: at most one per grain, created on first call, collected when
/// idle or when the silo reaches its cap, all deactivated when the silo stops.
/// </summary>
internal sealed class ActivationCatalog(
    GrainTypeRegistry registry,
    IGrainStorage storage,
    IGrainSerializer serializer,
    DatabaseOutage databaseOutage,
    IReminderTable reminders,
    StreamSignals signals,
    RuntimeInstruments instruments,
    TimeProvider clock,
    IOptions<ActorRuntimeOptions> options,
    IServiceProvider services,
    ILogger<ActivationCatalog> logger)
{
    private readonly ConcurrentDictionary<GrainId, Activation> _activations = new();

    /// <summary>
    /// The activations with a drain scheduled or running: the only ones that can hold a call.
    /// The call-timeout sweep reads these, not every activation (its cost follows the calls in
    /// flight, not the grains in memory).
    /// </summary>
    private readonly ConcurrentDictionary<Activation, byte> _scheduled = new(ReferenceEqualityComparer.Instance);
    private readonly Lock _evictionLock = new();
    private int _leavingCount;

    // ConcurrentDictionary.Count takes every lock of the table; new activations check the cap, so keep our own count.
    private int _count;
    private volatile bool _stopping;

    public GrainTypeRegistry Registry => registry;

    public IGrainStorage Storage => storage;

    public IGrainSerializer Serializer => serializer;

    public DatabaseOutage DatabaseOutage => databaseOutage;

    public IReminderTable Reminders => reminders;

    public StreamSignals Signals => signals;

    public RuntimeInstruments Instruments => instruments;

    public TimeProvider Clock => clock;

    public ActorRuntimeOptions Options { get; } = options.Value;

    public IServiceProvider Services => services;

    public ILogger Logger => logger;

    public IGrainFactory GrainFactory => field ??= services.GetRequiredService<IGrainFactory>();

    /// <summary>Wakes the reminder service when a grain registers a reminder.</summary>
    public AsyncSignal ReminderWake { get; } = new();

    public int Count => Volatile.Read(ref _count);

    /// <summary>Delivers a message to the grain's activation, creating it if needed.</summary>
    public void Enqueue(GrainId id, WorkItem item)
    {
        while (true)
        {
            if (_stopping)
            {
                throw new SiloUnavailableException("The silo is shutting down and accepts no new grain calls.");
            }

            if (!_activations.TryGetValue(id, out var activation))
            {
                var type = registry.ForName(id.Type);
                MakeRoomForOneMore();
                var created = new Activation(id, type, this);
                if (_activations.TryAdd(id, created))
                {
                    Interlocked.Increment(ref _count);
                    activation = created;
                }
                else if (!_activations.TryGetValue(id, out activation))
                {
                    continue; // added and removed by others in between: look again
                }
            }

            if (activation.TryEnqueue(item))
            {
                return;
            }

            // That activation is deactivating: forget it and look again.
            Remove(activation);
        }
    }

    /// <summary>Hands a message queued on a departed activation to its successor.</summary>
    public void Redispatch(GrainId id, WorkItem item)
    {
        try
        {
            Enqueue(id, item);
        }
        catch (GrainRuntimeException error)
        {
            item.Fail(error);
        }
    }

    /// <summary>Activations with a drain scheduled or running (what the call-timeout sweep reads).</summary>
    internal int ScheduledCount => _scheduled.Count;

    /// <summary>Called by the activation when it schedules its drain.</summary>
    internal void MarkScheduled(Activation activation) => _scheduled.TryAdd(activation, 0);

    /// <summary>Called by the activation's drain when its mailbox is empty, before it clears its flag.</summary>
    internal void MarkIdle(Activation activation) => _scheduled.TryRemove(activation, out _);

    public void Remove(Activation activation)
    {
        _scheduled.TryRemove(activation, out _);
        if (_activations.TryRemove(KeyValuePair.Create(activation.GrainId, activation)))
        {
            Interlocked.Decrement(ref _count);
            if (activation.IsLeaving)
            {
                Interlocked.Decrement(ref _leavingCount);
            }
        }
    }

    /// <summary>Deactivates activations unused for longer than the idle timeout.</summary>
    public int CollectIdle()
    {
        var cutoff = clock.GetUtcNow().UtcTicks - Options.IdleTimeout.Ticks;
        var collected = 0;
        foreach (var activation in Live())
        {
            if (activation.IsIdle && activation.LastActiveUtcTicks <= cutoff && activation.RequestDeactivation(DeactivationReason.IdleTimeout))
            {
                collected++;
            }
        }

        return collected;
    }

    /// <summary>
    /// Fails every call (queued or running) that has waited longer than the call timeout. Run by
    /// <see cref="Hosting.CallTimeoutSweeper"/>; a timeout therefore fires up to one sweep interval late.
    /// </summary>
    public int ExpireOverdueCalls()
    {
        var overdueBefore = Stopwatch.GetTimestamp() - (long)(Options.CallTimeout.TotalSeconds * Stopwatch.Frequency);
        var expired = 0;
        foreach (var (activation, _) in _scheduled)
        {
            expired += activation.ExpireOverdueCalls(overdueBefore, TimedOut);
        }

        return expired;
    }

    private GrainCallTimeoutException TimedOut(WorkItem item, Activation activation)
    {
        instruments.CallTimedOut(activation.Type);
        return new GrainCallTimeoutException(
            $"{item.Description} on {activation.Description} did not complete within {Options.CallTimeout.TotalSeconds:0.###} s. " +
            "It may still run; a call not yet started is skipped.");
    }

    /// <summary>Stops accepting calls and deactivates everything, waiting up to the shutdown timeout.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        var departures = Live()
            .Where(a => a.RequestDeactivation(DeactivationReason.ShuttingDown))
            .Select(a => a.Completion)
            .ToList();
        try
        {
            await Task.WhenAll(departures).WaitAsync(Options.ShutdownTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            logger.LogWarning("{Count} activations were still busy after the shutdown timeout", departures.Count(t => !t.IsCompleted));
        }
    }

    /// <summary>
    /// The live activations, read without a snapshot: <see cref="ConcurrentDictionary{TKey, TValue}.Values"/>
    /// takes every lock of the table and copies it (with tens of thousands of activations, a
    /// large-object allocation per sweep). An activation added or removed meanwhile may or may not
    /// be seen, as for any sweep.
    /// </summary>
    private IEnumerable<Activation> Live()
    {
        foreach (var pair in _activations)
        {
            yield return pair.Value;
        }
    }

    /// <summary>
    /// Keeps the live count under the cap: when full, the least recently used idle activations
    /// (a tenth of the cap at a time, so the sort is not paid on every new grain) are collected.
    /// </summary>
    private void MakeRoomForOneMore()
    {
        if (Count - Volatile.Read(ref _leavingCount) < Options.MaxActivations)
        {
            return;
        }

        lock (_evictionLock)
        {
            var excess = Count - Volatile.Read(ref _leavingCount) - Options.MaxActivations + 1;
            if (excess <= 0)
            {
                return;
            }

            var victims = Live()
                .Where(a => a.IsIdle && !a.IsLeaving)
                .OrderBy(a => a.LastActiveUtcTicks)
                .Take(Math.Max(excess, Options.MaxActivations / 10))
                .ToList();
            if (victims.Count < excess)
            {
                throw new ActivationLimitExceededException(
                    $"This silo holds its maximum of {Options.MaxActivations} activations and too few are idle to make room.");
            }

            foreach (var victim in victims.Where(v => v.TryMarkLeaving()))
            {
                Interlocked.Increment(ref _leavingCount);
                if (!victim.RequestDeactivation(DeactivationReason.ActivationLimit))
                {
                    Remove(victim);
                }
            }
        }
    }
}
