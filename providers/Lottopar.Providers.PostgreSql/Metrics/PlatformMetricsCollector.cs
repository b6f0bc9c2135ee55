using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Lottopar.Providers.PostgreSql.Streams;
using N = Lottopar.Providers.PostgreSql.Metrics.ProviderInstruments.Names;

namespace Lottopar.Providers.PostgreSql.Metrics;

/// <summary>
/// Listens to <see cref="ProviderInstruments"/> and keeps running totals per grain type and per
/// stream subscription, for GET /runtime/metrics. Values are cumulative since the silo started; a
/// reader derives rates from two snapshots. Grain types appear once they have had a call or a write.
/// </summary>
public sealed class PlatformMetricsCollector : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, Series> _series = new();
    private readonly IReadOnlyList<StreamSubscription> _subscriptions;
    private readonly TimeProvider _clock;
    private readonly DateTimeOffset _startedAt;

    public PlatformMetricsCollector(ProviderInstruments instruments, IEnumerable<StreamSubscription> subscriptions, TimeProvider clock)
    {
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

    public PlatformMetricsSnapshot Snapshot()
    {
        var grainTypes = new[] { N.CallDuration, N.StorageWriteDuration, N.StorageConflicts }
            .SelectMany(instrument => _series.TryGetValue(instrument, out var series) ? series.Tags : [])
            .Where(tag => tag.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Select(type => new GrainTypeMetrics(
                type,
                Latency(N.CallDuration, type).Count,
                Total(N.CallErrors, type),
                Total(N.StorageConflicts, type),
                Latency(N.CallDuration, type),
                Latency(N.StorageWriteDuration, type)))
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
        return new PlatformMetricsSnapshot(_clock.GetUtcNow(), _startedAt, grainTypes, streams, storage, ProcessMetrics.Capture());
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

        public IEnumerable<string> Tags => _totals.Keys.Concat(_histograms.Keys);
    }

    private sealed class StrongBox
    {
        public long Value;
    }
}

/// <summary>What this silo's grains, storage and stream delivery have done since it started.</summary>
public sealed record PlatformMetricsSnapshot(
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

/// <param name="Calls">Calls run by this silo's activations of the type.</param>
/// <param name="Errors">Calls that threw, refusals included.</param>
/// <param name="StorageConflicts">State writes refused for a stale version (another activation wrote first).</param>
public sealed record GrainTypeMetrics(
    string GrainType,
    long Calls,
    long Errors,
    long StorageConflicts,
    LatencySummary CallDuration,
    LatencySummary StorageWrite);

public sealed record StreamSubscriptionMetrics(
    string Subscription,
    string StreamNamespace,
    long Delivered,
    long Errors,
    long DeadLetters,
    LatencySummary DeliveryLag);

/// <summary>
/// Creates the collector when the silo starts: its listener sees only what is measured after it
/// exists, and the first request for metrics may come long after the first call.
/// </summary>
internal sealed class PlatformMetricsListening(PlatformMetricsCollector collector) : Microsoft.Extensions.Hosting.IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = collector;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
