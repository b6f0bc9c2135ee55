using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Lottopar.Runtime.Core;
using Lottopar.Runtime.Streams;
using N = Lottopar.Runtime.Metrics.RuntimeInstruments.Names;

namespace Lottopar.Runtime.Metrics;

/// <summary>
/// Listens to this runtime's instruments and keeps running totals per grain type and per
/// subscription, for the JSON endpoint the actor dashboard reads. Values are cumulative since
/// the silo started; a reader derives rates from two snapshots.
/// </summary>
public sealed class RuntimeMetricsCollector : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, Series> _series = new();
    private readonly GrainTypeRegistry _registry;
    private readonly IReadOnlyList<StreamSubscription> _subscriptions;
    private readonly TimeProvider _clock;
    private readonly DateTimeOffset _startedAt;

    public RuntimeMetricsCollector(
        RuntimeInstruments instruments, GrainTypeRegistry registry, IEnumerable<StreamSubscription> subscriptions, TimeProvider clock)
    {
        _registry = registry;
        _subscriptions = [.. subscriptions];
        _clock = clock;
        _startedAt = clock.GetUtcNow();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, instruments.Meter))
            {
                listener.EnableMeasurementEvents(instrument, _series.GetOrAdd(instrument.Name, _ => new Series()));
            }
        };
        _listener.SetMeasurementEventCallback<long>(static (_, value, tags, state) => ((Series)state!).Add(TagOf(tags), value));
        _listener.SetMeasurementEventCallback<double>(static (_, value, tags, state) => ((Series)state!).Record(TagOf(tags), value));
        _listener.Start();
    }

    public RuntimeMetricsSnapshot Snapshot()
    {
        var grainTypes = _registry.Types
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .Select(t => new GrainTypeMetrics(
                t.Name,
                Total(N.Activations, t.Name),
                Latency(N.CallDuration, t.Name).Count,
                Total(N.CallErrors, t.Name),
                Total(N.CallTimeouts, t.Name),
                Total(N.StorageConflicts, t.Name),
                Latency(N.CallDuration, t.Name),
                Latency(N.StorageWriteDuration, t.Name),
                Total(N.ReminderTicks, t.Name),
                Total(N.ReminderErrors, t.Name)))
            .ToList();
        var streams = _subscriptions
            .Select(s => new StreamSubscriptionMetrics(
                s.Name,
                s.Namespace,
                Total(N.Delivered, s.Name),
                Total(N.DeliveryErrors, s.Name),
                Total(N.DeadLetters, s.Name),
                Latency(N.DeliveryLag, s.Name)))
            .ToList();
        var storage = new StorageMetrics(Total(N.GroupCommits, ""), Total(N.GroupCommitWrites, ""), Total(N.GroupCommitFallbacks, ""));
        return new RuntimeMetricsSnapshot(_clock.GetUtcNow(), _startedAt, grainTypes, streams, storage, ProcessMetrics.Capture());
    }

    public void Dispose() => _listener.Dispose();

    private long Total(string instrument, string tag) =>
        _series.TryGetValue(instrument, out var series) ? series.Total(tag) : 0;

    private LatencySummary Latency(string instrument, string tag) =>
        _series.TryGetValue(instrument, out var series) ? series.Summarize(tag) : LatencySummary.Empty;

    private static string TagOf(ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
        tags.Length > 0 ? tags[0].Value as string ?? "" : "";

    /// <summary>One instrument's values, by tag value.</summary>
    private sealed class Series
    {
        private readonly ConcurrentDictionary<string, StrongBox> _totals = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, LatencyHistogram> _histograms = new(StringComparer.Ordinal);

        public void Add(string tag, long value) => Interlocked.Add(ref _totals.GetOrAdd(tag, _ => new StrongBox()).Value, value);

        public void Record(string tag, double value) => _histograms.GetOrAdd(tag, _ => new LatencyHistogram()).Record(value);

        public long Total(string tag) => _totals.TryGetValue(tag, out var box) ? Interlocked.Read(ref box.Value) : 0;

        public LatencySummary Summarize(string tag) => _histograms.TryGetValue(tag, out var h) ? h.Summarize() : LatencySummary.Empty;
    }

    private sealed class StrongBox
    {
        public long Value;
    }
}

/// <summary>What the runtime has done since the silo started.</summary>
public sealed record RuntimeMetricsSnapshot(
    DateTimeOffset TakenAt,
    DateTimeOffset StartedAt,
    IReadOnlyList<GrainTypeMetrics> GrainTypes,
    IReadOnlyList<StreamSubscriptionMetrics> Streams,
    StorageMetrics Storage,
    ProcessMetrics Process);

/// <summary>
/// Group commit (PostgreSQL storage): batches of state writes sent, the writes they carried
/// (writes / batches is the mean batch size), and batches that failed as a whole and were re-run
/// one write at a time.
/// </summary>
public sealed record StorageMetrics(long Batches, long Writes, long Fallbacks);

public sealed record GrainTypeMetrics(
    string GrainType,
    long Activations,
    long Calls,
    long Errors,
    long Timeouts,
    long StorageConflicts,
    LatencySummary CallDuration,
    LatencySummary StorageWrite,
    long ReminderTicks,
    long ReminderErrors);

public sealed record StreamSubscriptionMetrics(
    string Subscription,
    string StreamNamespace,
    long Delivered,
    long Errors,
    long DeadLetters,
    LatencySummary DeliveryLag);
