using Lottopar.Providers.PostgreSql.Streams;
using StreamId = Lottopar.Providers.Abstractions.StreamId;
using Xunit;

namespace Lottopar.Providers.Tests.Unit;

public sealed class StreamPartitionerTests
{
    // Stored rows carry their partition: these values are a contract and must never change.
    // They were computed with an independent FNV-1a implementation (Python), not by this code.
    [Theory]
    [InlineData("betting", "OPR-0001", 14)]
    [InlineData("betting", "OPR-0002", 11)]
    [InlineData("payments", "OPR-0001", 0)]
    [InlineData("a", "b", 3)]
    public void PartitionOfAStreamNeverChanges(string streamNamespace, string key, int expected) =>
        Assert.Equal(expected, StreamPartitioner.PartitionOf(new StreamId(streamNamespace, key)));

    [Fact]
    public void ManyStreamsSpreadOverEveryPartition()
    {
        var counts = Enumerable.Range(0, 16_000)
            .GroupBy(i => StreamPartitioner.PartitionOf(new StreamId("betting", $"OPR-{i:D5}")))
            .ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(StreamPartitioner.PartitionCount, counts.Count);
        Assert.All(counts.Values, c => Assert.InRange(c, 700, 1300));
    }
}
