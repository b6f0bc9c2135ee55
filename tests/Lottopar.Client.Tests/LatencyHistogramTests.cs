using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace Lottopar.Client.Tests;

public sealed class LatencyHistogramTests
{
    [Fact]
    public void PercentilesOfAKnownDistributionAreWithinOnePercent()
    {
        var histogram = new LatencyHistogram();
        for (var microseconds = 1; microseconds <= 100_000; microseconds++)
        {
            histogram.Record(TimeSpan.FromMicroseconds(microseconds));
        }

        var summary = histogram.Summarize();

        Assert.Equal(100_000, summary.Count);
        Assert.InRange(summary.P50Ms, 49.5, 50.5);
        Assert.InRange(summary.P95Ms, 94.05, 95.95);
        Assert.InRange(summary.P99Ms, 98.01, 99.99);
        Assert.Equal(100.0, summary.MaxMs);
        Assert.InRange(summary.MeanMs, 49.99, 50.01);
    }

    [Fact]
    public void AnEmptyHistogramSummarizesToZeros() => Assert.Equal(LatencySummary.Empty, new LatencyHistogram().Summarize());

    [Fact]
    public void EveryValueFallsInABucketNarrowerThanOnePercentOfIt()
    {
        var values = Gen.Choose(0, int.MaxValue).Select(v => (long)v * 7).ToArbitrary();
        var property = Prop.ForAll(values, value =>
        {
            var (lower, width) = LatencyHistogram.BucketOf(LatencyHistogram.IndexOf(value));
            return lower <= value && value < lower + width && (value < 128 ? width == 1 : width <= value / 64.0);
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(2000), property);
    }
}
