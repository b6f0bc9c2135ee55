using HdrHistogram;

namespace Lottopar.Providers.PostgreSql.Metrics;

/// <summary>
/// A thread-safe histogram of milliseconds on HdrHistogram's <see cref="LongConcurrentHistogram"/>: whole
/// microseconds from 1 µs to a day, two significant digits, so a percentile is read within 1% of the true value
/// (exactly below 256 µs). Mean and maximum are kept exactly beside it, because HdrHistogram derives them from
/// bucket bounds.
/// </summary>
public sealed class LatencyHistogram
{
    // Longer values count as a day in the percentiles (the maximum stays exact): RecordValue throws past the range,
    // and HdrHistogram.NET 2.5.0 computes bucket widths with a 32-bit shift that overflows past 2^38 µs.
    private const long HighestMicroseconds = 86_400_000_000;
    private const int SignificantDigits = 2;

    private readonly LongConcurrentHistogram _histogram = new(1, HighestMicroseconds, SignificantDigits);
    private long _sumMicros;
    private long _maxMicros;

    public void Record(double milliseconds)
    {
        var micros = (long)(Math.Max(milliseconds, 0) * 1000);
        _histogram.RecordValue(Math.Min(micros, HighestMicroseconds));
        Interlocked.Add(ref _sumMicros, micros);
        var max = Volatile.Read(ref _maxMicros);
        while (micros > max)
        {
            var seen = Interlocked.CompareExchange(ref _maxMicros, micros, max);
            if (seen == max)
            {
                break;
            }

            max = seen;
        }
    }

    public LatencySummary Summarize()
    {
        // A copy gives one consistent count and distribution while other threads keep recording.
        var snapshot = _histogram.Copy();
        var count = snapshot.TotalCount;
        if (count == 0)
        {
            return LatencySummary.Empty;
        }

        var maxMicros = Volatile.Read(ref _maxMicros);
        return new LatencySummary(
            count,
            Math.Round(Volatile.Read(ref _sumMicros) / 1000.0 / count, 3),
            Percentile(snapshot, 50, maxMicros),
            Percentile(snapshot, 95, maxMicros),
            Percentile(snapshot, 99, maxMicros),
            maxMicros / 1000.0);
    }

    // HdrHistogram answers with the top of the value's bucket; no percentile is above the exact maximum.
    private static double Percentile(HistogramBase histogram, double percentile, long maxMicros) =>
        Math.Round(Math.Min(histogram.GetValueAtPercentile(percentile), maxMicros) / 1000.0, 3);
}

/// <summary>Count, mean, percentiles and maximum, in milliseconds.</summary>
public sealed record LatencySummary(long Count, double MeanMs, double P50Ms, double P95Ms, double P99Ms, double MaxMs)
{
    public static readonly LatencySummary Empty = new(0, 0, 0, 0, 0, 0);
}
