using Lottopar.Runtime.Metrics;
using Xunit;

namespace Lottopar.Runtime.Tests.Unit;

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

    [Fact]
    public void BucketsGrowMonotonicallyAndCoverTheirValues()
    {
        foreach (var value in new[] { 0.0005, 0.001, 0.0123, 1, 7.7, 950, 120_000 })
        {
            var bucket = LatencyHistogram.BucketOf(value);
            Assert.True(LatencyHistogram.UpperBound(bucket) >= value || bucket == 0);
            Assert.True(bucket == 0 || LatencyHistogram.UpperBound(bucket - 1) < value);
        }
    }
}
