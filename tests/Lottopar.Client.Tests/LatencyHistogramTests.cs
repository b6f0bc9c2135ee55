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
    public void EveryPercentileIsExactBelow256MicrosecondsAndWithinOnePercentAbove()
    {
        var values = Gen.Choose(0, int.MaxValue).Select(v => (long)v * 7).ToArbitrary();
        var property = Prop.ForAll(values, value =>
        {
            // The median of {v, 2v} is read from v's bucket; 2v keeps the exact maximum from capping it.
            var histogram = new LatencyHistogram();
            histogram.Record(TimeSpan.FromMicroseconds(value));
            histogram.Record(TimeSpan.FromMicroseconds(value * 2));

            var p50 = histogram.Summarize().P50Ms;
            return value < 256 ? p50 == value / 1000.0 : value / 1000.0 <= p50 && p50 < value * 1.01 / 1000.0;
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(2000), property);
    }

    [Fact]
    public void LatenciesBeyondADayCountAsADayButKeepAnExactMaximum()
    {
        var histogram = new LatencyHistogram();

        histogram.Record(TimeSpan.FromDays(2));
        var summary = histogram.Summarize();

        Assert.Equal(1, summary.Count);
        Assert.Equal(TimeSpan.FromDays(2).TotalMilliseconds, summary.MaxMs);
        Assert.Equal(TimeSpan.FromDays(2).TotalMilliseconds, summary.MeanMs);
        Assert.InRange(summary.P99Ms, TimeSpan.FromDays(1).TotalMilliseconds, TimeSpan.FromDays(1).TotalMilliseconds * 1.01);
    }
}
