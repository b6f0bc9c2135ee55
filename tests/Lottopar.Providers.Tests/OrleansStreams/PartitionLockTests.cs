using Lottopar.Providers.PostgreSql.Streams;
using Lottopar.Providers.PostgreSql.Streams.Orleans;
using Lottopar.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Streams;
using Xunit;

namespace Lottopar.Providers.Tests.OrleansStreams;

/// <summary>
/// The receivers of one partition, as two silos run them while Orleans hands the queue from one
/// to the other: only the lock's holder reads; the next one starts from the checkpoint.
/// </summary>
public sealed class PartitionLockTests
{
    [Fact]
    public async Task Two_receivers_of_one_partition_never_read_at_once_and_the_next_starts_from_the_checkpoint()
    {
        var database = await TestDatabase.CreateAsync("ostreams_lock");
        var stream = Guid.NewGuid().ToString("N");
        var partition = StreamPartitioner.PartitionOf(new Lottopar.Providers.Abstractions.StreamId(StreamLogSilo.Namespace, stream));
        await using (var outside = await database.DataSource.OpenConnectionAsync())
        {
            for (var i = 1; i <= 3; i++)
            {
                await OrleansStreamProviderTests.InsertAsync(outside, stream, $$"""{"account":"outside","sequence":{{i}},"amount":1}""");
            }
        }

        var log = new PostgresStreamLog(database.DataSource, []);
        StreamLogQueueReceiver NewReceiver() => new(
            database.DataSource, log, signals: null, "orleans:lock-test:" + StreamLogSilo.Namespace, StreamLogSilo.Namespace, partition,
            new StreamLogProviderOptions { Namespaces = [StreamLogSilo.Namespace] }, TimeProvider.System, NullLogger.Instance);
        var old = NewReceiver();
        var next = NewReceiver();
        await old.Initialize(TimeSpan.FromSeconds(5));
        await next.Initialize(TimeSpan.FromSeconds(5));

        var read = await ReadAsync(old, 3);
        // The first is delivered and checkpointed; the other two are in flight when the handoff begins.
        await old.MessagesDeliveredAsync([read[0]], CancellationToken.None);

        // While the old receiver holds the partition, the next one reads nothing, however often it asks.
        for (var i = 0; i < 3; i++)
        {
            Assert.Empty(await next.GetQueueMessagesAsync(10, CancellationToken.None));
        }

        Assert.False(next.Owns);

        await old.Shutdown(TimeSpan.FromSeconds(5));

        // The old one delivered only the first for sure: the next one starts after it, and delivers the other two again.
        var resumed = await ReadAsync(next, 2);
        Assert.Equal(read.Skip(1).Select(b => b.SequenceToken), resumed.Select(b => b.SequenceToken));

        // A checkpoint never moves back, whichever receiver saves it: not for a late report of the
        // old owner (its delivery that was in flight at the handoff), nor for one of the new owner's own.
        await next.MessagesDeliveredAsync([.. resumed], CancellationToken.None);
        await old.MessagesDeliveredAsync([read[1]], CancellationToken.None);
        await next.MessagesDeliveredAsync([read[0]], CancellationToken.None);
        Assert.Equal(
            ((StreamLogSequenceToken)resumed[^1].SequenceToken).Position,
            await log.ReadCheckpointAsync("orleans:lock-test:" + StreamLogSilo.Namespace, partition, CancellationToken.None));
        await next.Shutdown(TimeSpan.FromSeconds(5));
    }

    // The log holds events back while any transaction older than theirs runs, in any database of
    // the server (tests running beside this one hold some): read until the count is reached.
    private static async Task<List<IBatchContainer>> ReadAsync(StreamLogQueueReceiver receiver, int count)
    {
        var read = new List<IBatchContainer>();
        await Eventually.HoldsAsync(
            async () =>
            {
                read.AddRange(await receiver.GetQueueMessagesAsync(10, CancellationToken.None));
                return read.Count;
            },
            n => n >= count,
            $"{count} events are read");
        Assert.Equal(count, read.Count);
        return read;
    }
}
