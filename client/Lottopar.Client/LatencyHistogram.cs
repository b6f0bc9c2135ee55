using System.Numerics;

namespace Lottopar.Client;

/// <summary>
/// A lock-free latency histogram with log-linear buckets in microseconds (HDR style): exact below 128 µs,
/// then 64 buckets per power of two, so a percentile is within 1% of the true value at any magnitude.
/// Recording is a couple of interlocked operations and memory is fixed, however long the run.
/// </summary>
public sealed class LatencyHistogram
{
    private const int SubBuckets = 64;
    private const int LinearLimit = 2 * SubBuckets;
    private const int BucketCount = (62 - 6 + 1) * SubBuckets + LinearLimit;

    private readonly long[] _counts = new long[BucketCount];
    private long _count;
    private long _sumMicroseconds;
    private long _maxMicroseconds;

    /// <summary>Adds one latency. Thread-safe.</summary>
    public void Record(TimeSpan latency)
    {
        var microseconds = Math.Max(0, latency.Ticks / TimeSpan.TicksPerMicrosecond);
        Interlocked.Increment(ref _counts[IndexOf(microseconds)]);
        Interlocked.Increment(ref _count);
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
        var counts = new long[BucketCount];
        for (var i = 0; i < counts.Length; i++)
        {
            counts[i] = Volatile.Read(ref _counts[i]);
        }

        var total = counts.Sum();
        if (total == 0)
        {
            return LatencySummary.Empty;
        }

        var max = Interlocked.Read(ref _maxMicroseconds);
        return new LatencySummary(
            total,
            Interlocked.Read(ref _sumMicroseconds) / (double)total / 1000,
            Percentile(counts, total, 0.50, max),
            Percentile(counts, total, 0.95, max),
            Percentile(counts, total, 0.99, max),
            max / 1000.0);
    }

    private static double Percentile(long[] counts, long total, double quantile, long maxMicroseconds)
    {
        var rank = Math.Max(1, (long)Math.Ceiling(quantile * total));
        long seen = 0;
        for (var index = 0; index < counts.Length; index++)
        {
            seen += counts[index];
            if (seen >= rank)
            {
                var (lower, width) = BucketOf(index);
                return Math.Min(lower + (width / 2.0), maxMicroseconds) / 1000;
            }
        }

        return maxMicroseconds / 1000.0;
    }

    internal static int IndexOf(long microseconds)
    {
        if (microseconds < LinearLimit)
        {
            return (int)microseconds;
        }

        var magnitude = 63 - BitOperations.LeadingZeroCount((ulong)microseconds) - 6;
        return (magnitude * SubBuckets) + (int)(microseconds >> magnitude);
    }

    internal static (long Lower, long Width) BucketOf(int index)
    {
        if (index < LinearLimit)
        {
            return (index, 1);
        }

        var magnitude = (index / SubBuckets) - 1;
        var subBucket = index - (magnitude * SubBuckets);
        return ((long)subBucket << magnitude, 1L << magnitude);
    }
}

/// <summary>A latency distribution in milliseconds.</summary>
public sealed record LatencySummary(long Count, double MeanMs, double P50Ms, double P95Ms, double P99Ms, double MaxMs)
{
    public static LatencySummary Empty { get; } = new(0, 0, 0, 0, 0, 0);
}
