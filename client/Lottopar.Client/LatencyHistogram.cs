using HdrHistogram;

namespace Lottopar.Client;

/// <summary>
/// A thread-safe latency histogram on HdrHistogram's <see cref="LongConcurrentHistogram"/>: whole microseconds
/// from 1 µs to a day, two significant digits, so a percentile is within 1% of the true value (exact below 256 µs).
/// Memory is fixed however long the run. Mean and maximum are kept exactly beside it, because HdrHistogram derives
/// them from bucket bounds.
/// </summary>
public sealed class LatencyHistogram
{
    // Longer latencies count as a day in the percentiles (the maximum stays exact): RecordValue throws past the range,
    // and HdrHistogram.NET 2.5.0 computes bucket widths with a 32-bit shift that overflows past 2^38 µs.
    private const long HighestMicroseconds = 86_400_000_000;
    private const int SignificantDigits = 2;

    private readonly LongConcurrentHistogram _histogram = new(1, HighestMicroseconds, SignificantDigits);
    private long _sumMicroseconds;
    private long _maxMicroseconds;

    /// <summary>Adds one latency. Thread-safe.</summary>
    public void Record(TimeSpan latency)
    {
        var microseconds = Math.Max(0, latency.Ticks / TimeSpan.TicksPerMicrosecond);
        _histogram.RecordValue(Math.Min(microseconds, HighestMicroseconds));
        Interlocked.Add(ref _sumMicroseconds, microseconds);

        var max = Interlocked.Read(ref _maxMicroseconds);
        while (microseconds > max)
        {
            var seen = Interlocked.CompareExchange(ref _maxMicroseconds, microseconds, max);
            if (seen == max)
            {
                break;
            }

            max = seen;
        }
    }

    /// <summary>Count, mean, p50/p95/p99 and the exact maximum, in milliseconds.</summary>
    public LatencySummary Summarize()
    {
        // A copy gives one consistent count and distribution while other threads keep recording.
        var snapshot = _histogram.Copy();
        var total = snapshot.TotalCount;
        if (total == 0)
        {
            return LatencySummary.Empty;
        }

        var max = Interlocked.Read(ref _maxMicroseconds);
        return new LatencySummary(
            total,
            Interlocked.Read(ref _sumMicroseconds) / (double)total / 1000,
            Percentile(snapshot, 50, max),
            Percentile(snapshot, 95, max),
            Percentile(snapshot, 99, max),
            max / 1000.0);
    }

    // HdrHistogram answers with the top of the value's bucket; no percentile is above the exact maximum.
    private static double Percentile(HistogramBase histogram, double percentile, long maxMicroseconds) =>
        Math.Min(histogram.GetValueAtPercentile(percentile), maxMicroseconds) / 1000.0;
}

/// <summary>A latency distribution in milliseconds.</summary>
public sealed record LatencySummary(long Count, double MeanMs, double P50Ms, double P95Ms, double P99Ms, double MaxMs)
{
    public static LatencySummary Empty { get; } = new(0, 0, 0, 0, 0, 0);
}
