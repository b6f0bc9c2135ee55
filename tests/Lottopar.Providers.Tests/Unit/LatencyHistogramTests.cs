using Lottopar.Providers.PostgreSql.Metrics;
using Xunit;

namespace Lottopar.Providers.Tests.Unit;

public sealed class LatencyHistogramTests
{
    [Theory]
    [InlineData(0.05, 0.95, 0.99)]
    [InlineData(2.0, 20.0, 200.0)]
    public void PercentilesAreWithinTheBucketResolution(double low, double mid, double high)
    {
        var histogram = new LatencyHistogram();
        var values = Enumerable.Range(1, 1000).Select(i => i <= 500 ? low : i <= 950 ? mid : high).ToList();
        values.ForEach(histogram.Record);

        var summary = histogram.Summarize();

        Assert.Equal(1000, summary.Count);
        Assert.InRange(summary.P50Ms, low, low * 1.1);
        Assert.InRange(summary.P95Ms, mid, mid * 1.1);
        Assert.InRange(summary.P99Ms, high, high * 1.1);
        Assert.Equal(high, summary.MaxMs, 3);
        Assert.Equal(values.Average(), summary.MeanMs, 2);
    }

    [Fact]
    public void EmptyHistogramSummarisesToZeros() => Assert.Equal(LatencySummary.Empty, new LatencyHistogram().Summarize());

    [Theory]
    [InlineData(0.0005)]
    [InlineData(0.001)]
    [InlineData(0.0123)]
    [InlineData(1.0)]
    [InlineData(7.7)]
    [InlineData(950.0)]
    [InlineData(120_000.0)]
    public void APercentileCoversItsValueToTheMicrosecondAndWithinOnePercent(double value)
    {
        var histogram = new LatencyHistogram();
        histogram.Record(value);
        histogram.Record(value * 2);

        var summary = histogram.Summarize();

        // The median of {v, 2v} is v's bucket: values are whole microseconds, so it may read below v by less than 1 µs.
        Assert.InRange(summary.P50Ms, Math.Floor(value * 1000) / 1000, value * 1.01);
        Assert.Equal((long)(value * 2 * 1000) / 1000.0, summary.MaxMs);
    }

    [Fact]
    public void ValuesBeyondADayCountAsADayButKeepAnExactMaximum()
    {
        var histogram = new LatencyHistogram();
        var twoDaysMs = TimeSpan.FromDays(2).TotalMilliseconds;

        histogram.Record(twoDaysMs);
        var summary = histogram.Summarize();

        Assert.Equal(1, summary.Count);
        Assert.Equal(twoDaysMs, summary.MaxMs);
        Assert.Equal(twoDaysMs, summary.MeanMs);
        Assert.InRange(summary.P99Ms, TimeSpan.FromDays(1).TotalMilliseconds, TimeSpan.FromDays(1).TotalMilliseconds * 1.01);
    }

    [Fact]
    public void ConcurrentRecordingLosesNoValue()
    {
        var histogram = new LatencyHistogram();

        Parallel.For(0, 40_000, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => histogram.Record(i % 100));
        var summary = histogram.Summarize();

        Assert.Equal(40_000, summary.Count);
        Assert.Equal(49.5, summary.MeanMs, 3);
        Assert.Equal(99, summary.MaxMs);
    }
}
