using Lottopar.Providers.PostgreSql.Streams;
using Lottopar.Providers.PostgreSql.Streams.Orleans;
using Lottopar.Providers.Tests.Streams;
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
            database.DataSource, log, signals: null, database: null, "orleans:lock-test:" + StreamLogSilo.Namespace, StreamLogSilo.Namespace, partition,
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

    [Fact]
    public async Task A_receiver_whose_lock_session_ended_neither_reads_nor_moves_the_checkpoint()
    {
        var database = await TestDatabase.SharedAsync();
        var stream = Guid.NewGuid().ToString("N");
        var checkpoint = $"orleans:lock-lost-{stream}:{StreamLogSilo.Namespace}";
        var partition = StreamPartitioner.PartitionOf(new Lottopar.Providers.Abstractions.StreamId(StreamLogSilo.Namespace, stream));
        await InsertAsync(database, stream, 1, 2);
        var log = new PostgresStreamLog(database.DataSource, []);

        // A manual clock: every call below is past the idle interval, so a receiver that thinks it owns the partition reads.
        var clock = new ManualClock();
        var receiver = new StreamLogQueueReceiver(
            database.DataSource, log, signals: null, database: null, checkpoint, StreamLogSilo.Namespace, partition,
            new StreamLogProviderOptions { Namespaces = [StreamLogSilo.Namespace] }, clock, NullLogger.Instance);
        await receiver.Initialize(TimeSpan.FromSeconds(5));
        var read = await ReadAsync(receiver, 2, clock);
        await receiver.MessagesDeliveredAsync([read[0]], CancellationToken.None);
        var saved = await log.ReadCheckpointAsync(checkpoint, partition, CancellationToken.None);

        // Its session ends without it noticing (a dropped connection), and another takes the partition.
        await PartitionLocks.TerminateHolderAsync(database, checkpoint, partition);
        await using var other = await PartitionLock.TryTakeAsync(database.DataSource, checkpoint, partition, NullLogger.Instance, CancellationToken.None);
        Assert.NotNull(other);
        await InsertAsync(database, stream, 3);
        await Eventually.HoldsAsync(
            async () => (await log.ReadAfterAsync(StreamLogSilo.Namespace, partition, ((StreamLogSequenceToken)read[^1].SequenceToken).Position, 10, CancellationToken.None)).Events.Count,
            n => n == 1,
            "the third event is readable");

        // Orleans reports the second delivered before the receiver has noticed anything: the checkpoint stays.
        await receiver.MessagesDeliveredAsync([.. read], CancellationToken.None);
        Assert.Equal(saved, await log.ReadCheckpointAsync(checkpoint, partition, CancellationToken.None));

        // A new event waits in the log, yet nothing is read: the partition is the other's now.
        for (var i = 0; i < 3; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(2));
            Assert.Empty(await receiver.GetQueueMessagesAsync(10, CancellationToken.None));
        }

        Assert.False(receiver.Owns);
        Assert.Equal(saved, await log.ReadCheckpointAsync(checkpoint, partition, CancellationToken.None));
        await receiver.Shutdown(TimeSpan.FromSeconds(5));
    }

    private static async Task InsertAsync(TestDatabase database, string stream, params int[] sequences)
    {
        await using var outside = await database.DataSource.OpenConnectionAsync();
        foreach (var i in sequences)
        {
            await OrleansStreamProviderTests.InsertAsync(outside, stream, $$"""{"account":"outside","sequence":{{i}},"amount":1}""");
        }
    }

    // The log holds events back while any transaction older than theirs runs, in any database of
    // the server (tests running beside this one hold some): read until the count is reached.
    private static async Task<List<IBatchContainer>> ReadAsync(StreamLogQueueReceiver receiver, int count, ManualClock? clock = null)
    {
        var read = new List<IBatchContainer>();
        await Eventually.HoldsAsync(
            async () =>
            {
                clock?.Advance(TimeSpan.FromSeconds(2));
                read.AddRange(await receiver.GetQueueMessagesAsync(10, CancellationToken.None));
                return read.Count;
            },
            n => n >= count,
            $"{count} events are read");
        Assert.Equal(count, read.Count);
        return read;
    }
}
