using System.Collections.Concurrent;
using System.Collections.Frozen;

namespace Lottopar.Client;

/// <summary>The tallies of a load run, updated from many tasks at once.</summary>
internal sealed class LoadCounters : ILoadTally
{
    private readonly ConcurrentDictionary<int, long> _byStatus = new();
    private readonly ConcurrentDictionary<string, long> _byProblemCode = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _byFlag = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _transportErrors = new(StringComparer.Ordinal);
    private long _sent;
    private long _completed;
    private long _accepted;
    private long _replayed;
    private long _missed;

    public LatencyHistogram Latency { get; } = new();

    public long Sent => Interlocked.Read(ref _sent);

    public long Completed => Interlocked.Read(ref _completed);

    public long Accepted => Interlocked.Read(ref _accepted);

    public long Missed => Interlocked.Read(ref _missed);

    public void Started() => Interlocked.Increment(ref _sent);

    public void MissedOne() => Interlocked.Increment(ref _missed);

    public void Answered(SendResult result, TimeSpan latency)
    {
        Latency.Record(latency);
        _byStatus.AddOrUpdate((int)result.StatusCode, 1, (_, n) => n + 1);
        if (result.Accepted is { } accepted)
        {
            Interlocked.Increment(ref _accepted);
            if (accepted.Replayed)
            {
                Interlocked.Increment(ref _replayed);
            }

            foreach (var flag in accepted.Flags)
            {
                _byFlag.AddOrUpdate(flag, 1, (_, n) => n + 1);
            }
        }
        else if (result.Problem?.Code is { } code)
        {
            _byProblemCode.AddOrUpdate(code, 1, (_, n) => n + 1);
        }

        Interlocked.Increment(ref _completed);
    }

    public void FailedInTransport(string reason)
    {
        _transportErrors.AddOrUpdate(reason, 1, (_, n) => n + 1);
        Interlocked.Increment(ref _completed);
    }

    public LoadReport Report(LoadPlan plan, TimeSpan elapsed, bool interrupted) => new()
    {
        Plan = plan,
        Elapsed = elapsed,
        Sent = Sent,
        Completed = Completed,
        Accepted = Accepted,
        Replayed = Interlocked.Read(ref _replayed),
        Missed = Missed,
        ByStatus = _byStatus.ToFrozenDictionary(),
        ByProblemCode = _byProblemCode.ToFrozenDictionary(StringComparer.Ordinal),
        ByFlag = _byFlag.ToFrozenDictionary(StringComparer.Ordinal),
        TransportErrors = _transportErrors.ToFrozenDictionary(StringComparer.Ordinal),
        Latency = Latency.Summarize(),
        Interrupted = interrupted,
    };
}
