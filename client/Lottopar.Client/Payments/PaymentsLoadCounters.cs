using System.Collections.Concurrent;
using System.Collections.Frozen;

namespace Lottopar.Client.Payments;

/// <summary>The tallies of a payments load run, updated from many tasks at once.</summary>
internal sealed class PaymentsLoadCounters : ILoadTally
{
    private readonly ConcurrentDictionary<string, long> _failures = new(StringComparer.Ordinal);
    private readonly LatencyHistogram _latency = new();
    private long _sent;
    private long _completed;
    private long _succeeded;
    private long _cpfRefused;
    private long _polls;
    private long _missed;

    public long Sent => Interlocked.Read(ref _sent);

    public long Completed => Interlocked.Read(ref _completed);

    public long Accepted => Interlocked.Read(ref _succeeded);

    public void Started() => Interlocked.Increment(ref _sent);

    public void MissedOne() => Interlocked.Increment(ref _missed);

    public void Polled() => Interlocked.Increment(ref _polls);

    public void CpfRefused() => Interlocked.Increment(ref _cpfRefused);

    public void Succeeded(TimeSpan latency)
    {
        _latency.Record(latency);
        Interlocked.Increment(ref _succeeded);
        Interlocked.Increment(ref _completed);
    }

    public void Failed(string reason)
    {
        _failures.AddOrUpdate(reason, 1, (_, n) => n + 1);
        Interlocked.Increment(ref _completed);
    }

    public PaymentsLoadReport Report(PaymentsLoadKind kind, bool floor, LoadPlan plan, TimeSpan elapsed, bool interrupted) => new()
    {
        Kind = kind,
        Floor = floor,
        Plan = plan,
        Elapsed = elapsed,
        Sent = Sent,
        Completed = Completed,
        Succeeded = Accepted,
        CpfRefused = Interlocked.Read(ref _cpfRefused),
        Polls = Interlocked.Read(ref _polls),
        Failures = _failures.ToFrozenDictionary(StringComparer.Ordinal),
        Missed = Interlocked.Read(ref _missed),
        Latency = _latency.Summarize(),
        Interrupted = interrupted,
    };
}
