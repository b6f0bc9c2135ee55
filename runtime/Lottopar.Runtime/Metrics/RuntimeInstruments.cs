using System.Diagnostics.Metrics;
using Lottopar.Runtime.Core;
using Lottopar.Runtime.Streams;

namespace Lottopar.Runtime.Metrics;

/// <summary>
/// The runtime's metrics, as System.Diagnostics.Metrics instruments (so any exporter can read
/// them); <see cref="RuntimeMetricsCollector"/> aggregates them for the JSON endpoint.
/// Tags: grain_type, or subscription for streams. Grain keys never appear (they can be CPFs).
/// </summary>
public sealed class RuntimeInstruments : IDisposable
{
    public const string MeterName = "Lottopar.Runtime";

    private readonly Counter<long> _callErrors;
    private readonly Counter<long> _callTimeouts;
    private readonly Histogram<double> _callDuration;
    private readonly UpDownCounter<long> _activations;
    private readonly Counter<long> _storageConflicts;
    private readonly Histogram<double> _storageWriteDuration;
    private readonly Counter<long> _groupCommits;
    private readonly Counter<long> _groupCommitWrites;
    private readonly Counter<long> _groupCommitFallbacks;
    private readonly Counter<long> _delivered;
    private readonly Counter<long> _deliveryErrors;
    private readonly Counter<long> _deadLetters;
    private readonly Histogram<double> _deliveryLag;
    private readonly Counter<long> _reminderTicks;
    private readonly Counter<long> _reminderErrors;

    public RuntimeInstruments()
    {
        Meter = new Meter(MeterName, "1.0");
        _callErrors = Meter.CreateCounter<long>(Names.CallErrors, description: "Grain calls that threw");
        _callTimeouts = Meter.CreateCounter<long>(Names.CallTimeouts, description: "Grain calls whose caller stopped waiting");
        _callDuration = Meter.CreateHistogram<double>(Names.CallDuration, "ms", "Grain call time, queueing included (its count is the number of calls)");
        _activations = Meter.CreateUpDownCounter<long>(Names.Activations, description: "Live activations");
        _storageConflicts = Meter.CreateCounter<long>(Names.StorageConflicts, description: "State writes refused for a stale version");
        _storageWriteDuration = Meter.CreateHistogram<double>(Names.StorageWriteDuration, "ms", "State write time (with its events)");
        _groupCommits = Meter.CreateCounter<long>(Names.GroupCommits, description: "Batches of state writes sent to storage");
        _groupCommitWrites = Meter.CreateCounter<long>(Names.GroupCommitWrites, description: "State writes those batches carried");
        _groupCommitFallbacks = Meter.CreateCounter<long>(Names.GroupCommitFallbacks, description: "Batches that failed as a whole and ran again one write at a time");
        _delivered = Meter.CreateCounter<long>(Names.Delivered, description: "Stream events delivered");
        _deliveryErrors = Meter.CreateCounter<long>(Names.DeliveryErrors, description: "Failed stream delivery attempts");
        _deadLetters = Meter.CreateCounter<long>(Names.DeadLetters, description: "Stream events given up on");
        _deliveryLag = Meter.CreateHistogram<double>(Names.DeliveryLag, "ms", "Time from publishing to delivery");
        _reminderTicks = Meter.CreateCounter<long>(Names.ReminderTicks, description: "Reminder ticks fired");
        _reminderErrors = Meter.CreateCounter<long>(Names.ReminderErrors, description: "Reminder ticks that failed");
    }

    public Meter Meter { get; }

    internal void RecordCall(GrainTypeInfo type, TimeSpan elapsed, bool succeeded)
    {
        if (!succeeded)
        {
            _callErrors.Add(1, type.Tag);
        }

        _callDuration.Record(elapsed.TotalMilliseconds, type.Tag);
    }

    internal void CallTimedOut(GrainTypeInfo type) => _callTimeouts.Add(1, type.Tag);

    internal void ActivationAdded(GrainTypeInfo type) => _activations.Add(1, type.Tag);

    internal void ActivationRemoved(GrainTypeInfo type) => _activations.Add(-1, type.Tag);

    internal void StorageConflict(GrainTypeInfo type) => _storageConflicts.Add(1, type.Tag);

    internal void RecordStorageWrite(GrainTypeInfo type, TimeSpan elapsed) => _storageWriteDuration.Record(elapsed.TotalMilliseconds, type.Tag);

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

    internal void ReminderTicked(GrainTypeInfo type, bool succeeded)
    {
        _reminderTicks.Add(1, type.Tag);
        if (!succeeded)
        {
            _reminderErrors.Add(1, type.Tag);
        }
    }

    public void Dispose() => Meter.Dispose();

    /// <summary>Instrument names, shared with the collector.</summary>
    public static class Names
    {
        public const string CallErrors = "lottopar.grain.call.errors";
        public const string CallTimeouts = "lottopar.grain.call.timeouts";
        public const string CallDuration = "lottopar.grain.call.duration";
        public const string Activations = "lottopar.grain.activations";
        public const string StorageConflicts = "lottopar.grain.storage.conflicts";
        public const string StorageWriteDuration = "lottopar.grain.storage.write.duration";
        public const string GroupCommits = "lottopar.storage.group_commits";
        public const string GroupCommitWrites = "lottopar.storage.group_commit.writes";
        public const string GroupCommitFallbacks = "lottopar.storage.group_commit.fallbacks";
        public const string Delivered = "lottopar.stream.delivered";
        public const string DeliveryErrors = "lottopar.stream.delivery.errors";
        public const string DeadLetters = "lottopar.stream.dead_letters";
        public const string DeliveryLag = "lottopar.stream.delivery.lag";
        public const string ReminderTicks = "lottopar.reminder.ticks";
        public const string ReminderErrors = "lottopar.reminder.errors";
    }
}
