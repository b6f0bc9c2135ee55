using System.Diagnostics.Metrics;
using Lottopar.Providers.PostgreSql.Streams;

namespace Lottopar.Providers.PostgreSql.Metrics;

/// <summary>
/// The platform's own metrics beside Orleans' meters, as System.Diagnostics.Metrics instruments (so
/// any exporter can read them); <see cref="PlatformMetricsCollector"/> aggregates them for the JSON
/// endpoint. Grain calls are counted by <see cref="Calls.GrainCallMetrics"/>, state writes and group
/// commits by the storage provider, stream delivery by the stream log's delivery. Tags: grain_type,
/// or subscription for streams. Grain keys never appear (a player's is derived from a CPF).
/// </summary>
public sealed class ProviderInstruments : IDisposable
{
    public const string MeterName = "Lottopar.Providers";

    private readonly Counter<long> _callErrors;
    private readonly Histogram<double> _callDuration;
    private readonly Counter<long> _storageConflicts;
    private readonly Histogram<double> _storageWriteDuration;
    private readonly Counter<long> _groupCommits;
    private readonly Counter<long> _groupCommitWrites;
    private readonly Counter<long> _groupCommitFallbacks;
    private readonly Counter<long> _delivered;
    private readonly Counter<long> _deliveryErrors;
    private readonly Counter<long> _deadLetters;
    private readonly Histogram<double> _deliveryLag;

    public ProviderInstruments()
    {
        Meter = new Meter(MeterName, "2.0");
        _callErrors = Meter.CreateCounter<long>(Names.CallErrors, description: "Grain calls that threw (refusals included)");
        _callDuration = Meter.CreateHistogram<double>(Names.CallDuration, "ms", "Grain call time in the target activation (its count is the number of calls)");
        _storageConflicts = Meter.CreateCounter<long>(Names.StorageConflicts, description: "State writes refused for a stale version");
        _storageWriteDuration = Meter.CreateHistogram<double>(Names.StorageWriteDuration, "ms", "State write time (with its outbox)");
        _groupCommits = Meter.CreateCounter<long>(Names.GroupCommits, description: "Batches of state writes sent to storage");
        _groupCommitWrites = Meter.CreateCounter<long>(Names.GroupCommitWrites, description: "State writes those batches carried");
        _groupCommitFallbacks = Meter.CreateCounter<long>(Names.GroupCommitFallbacks, description: "Batches that failed as a whole and ran again one write at a time");
        _delivered = Meter.CreateCounter<long>(Names.Delivered, description: "Stream events delivered");
        _deliveryErrors = Meter.CreateCounter<long>(Names.DeliveryErrors, description: "Failed stream delivery attempts");
        _deadLetters = Meter.CreateCounter<long>(Names.DeadLetters, description: "Stream events given up on");
        _deliveryLag = Meter.CreateHistogram<double>(Names.DeliveryLag, "ms", "Time from publishing to delivery");
    }

    public Meter Meter { get; }

    /// <summary>The tag of a grain type's measurements.</summary>
    public static KeyValuePair<string, object?> GrainTypeTag(string grainType) => new("grain_type", grainType);

    public void RecordCall(KeyValuePair<string, object?> grainType, TimeSpan elapsed, bool succeeded)
    {
        if (!succeeded)
        {
            _callErrors.Add(1, grainType);
        }

        _callDuration.Record(elapsed.TotalMilliseconds, grainType);
    }

    public void StorageConflict(KeyValuePair<string, object?> grainType) => _storageConflicts.Add(1, grainType);

    public void RecordStorageWrite(KeyValuePair<string, object?> grainType, TimeSpan elapsed) =>
        _storageWriteDuration.Record(elapsed.TotalMilliseconds, grainType);

    internal void GroupCommitted(int writes)
    {
        _groupCommits.Add(1);
        _groupCommitWrites.Add(writes);
    }

    internal void GroupCommitFellBack() => _groupCommitFallbacks.Add(1);

    internal void Delivered(StreamSubscription subscription, TimeSpan lag)
    {
        _delivered.Add(1, subscription.Tag);
        _deliveryLag.Record(Math.Max(0, lag.TotalMilliseconds), subscription.Tag);
    }

    internal void DeliveryFailed(StreamSubscription subscription) => _deliveryErrors.Add(1, subscription.Tag);

    internal void DeadLettered(StreamSubscription subscription) => _deadLetters.Add(1, subscription.Tag);

    public void Dispose() => Meter.Dispose();

    /// <summary>Instrument names, shared with the collector.</summary>
    public static class Names
    {
        public const string CallErrors = "lottopar.grain.call.errors";
        public const string CallDuration = "lottopar.grain.call.duration";
        public const string StorageConflicts = "lottopar.grain.storage.conflicts";
        public const string StorageWriteDuration = "lottopar.grain.storage.write.duration";
        public const string GroupCommits = "lottopar.storage.group_commits";
        public const string GroupCommitWrites = "lottopar.storage.group_commit.writes";
        public const string GroupCommitFallbacks = "lottopar.storage.group_commit.fallbacks";
        public const string Delivered = "lottopar.stream.delivered";
        public const string DeliveryErrors = "lottopar.stream.delivery.errors";
        public const string DeadLetters = "lottopar.stream.dead_letters";
        public const string DeliveryLag = "lottopar.stream.delivery.lag";
    }
}
