using Lottopar.Providers.PostgreSql.Hosting;
using Lottopar.Providers.PostgreSql.Metrics;
using Lottopar.Providers.PostgreSql.Streams;
using Lottopar.Providers.Tests.Storage;
using Lottopar.Testing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Xunit;
using StreamId = Lottopar.Providers.Abstractions.StreamId;
using static Lottopar.Providers.Tests.Streams.StreamLogQueries;

namespace Lottopar.Providers.Tests.Streams;

/// <summary>
/// Durable streams on Orleans grains: events commit with the state that produced them (the
/// outbox, through our storage provider), reach projections in order per stream at least once,
/// and delivery resumes from checkpoints after a restart, never overtaking a late commit.
/// </summary>
public sealed class StreamTests
{
    private static Action<PostgresProvidersBuilder> ProjectionOf(string streamNamespace, string subscription) =>
        p => p.AddStreamProjection<RecordingProjection, Deposited>(subscription, streamNamespace);

    private static RecordingProjection ProjectionIn(StorageSilo silo) => silo.Services.GetRequiredService<RecordingProjection>();

    [Fact]
    public async Task Events_commit_in_the_same_transaction_as_the_state()
    {
        var database = await TestDatabase.SharedAsync();
        await using var silo = await StorageSilo.StartAsync(database);
        var (teller, ns) = (NewKey(), NewKey());

        await silo.Grains.GetGrain<ITellerGrain>(teller).DepositAsync(ns, "s", 50);

        // The state row's xmin is the (32-bit) id of the transaction that wrote it.
        Assert.Equal(1, await database.EventCountAsync(ns));
        Assert.True(await database.ScalarAsync<bool>(
            """
            select (select xmin::text::bigint from grain_state where grain_type = $1 and grain_key = $2)
                 = (select tx_id % 4294967296 from stream_events where stream_namespace = $3)
            """, TellerGrain.GrainTypeName, teller, ns));
    }

    [Fact]
    public async Task A_losing_state_write_commits_neither_state_nor_events()
    {
        var database = await TestDatabase.SharedAsync();
        await using var siloA = await StorageSilo.StartAsync(database);
        await using var siloB = await StorageSilo.StartAsync(database);
        var (teller, ns) = (NewKey(), NewKey());
        Assert.Equal(0, await siloA.Grains.GetGrain<ITellerGrain>(teller).GetBalanceAsync());
        Assert.Equal(0, await siloB.Grains.GetGrain<ITellerGrain>(teller).GetBalanceAsync());
        await siloA.Grains.GetGrain<ITellerGrain>(teller).DepositAsync(ns, "s", 1);

        // Silo B's activation still holds the version before A's write.
        await Assert.ThrowsAsync<InconsistentStateException>(() => siloB.Grains.GetGrain<ITellerGrain>(teller).DepositAsync(ns, "s", 1000));

        Assert.Equal(1, await database.EventCountAsync(ns));
        Assert.Equal(1, await siloB.Grains.GetGrain<ITellerGrain>(teller).GetBalanceAsync());
    }

    [Fact]
    public async Task A_failed_call_publishes_nothing()
    {
        var database = await TestDatabase.SharedAsync();
        await using var silo = await StorageSilo.StartAsync(database);
        var (teller, ns) = (silo.Grains.GetGrain<ITellerGrain>(NewKey()), NewKey());

        await Assert.ThrowsAsync<InvalidOperationException>(() => teller.PublishThenFailAsync(ns, "s", 5));
        Assert.Equal(0, await database.EventCountAsync(ns));

        // Nor does the failed call's event ride along with the grain's next write.
        await teller.DepositAsync(ns, "s", 3);
        Assert.Equal([3L], await AmountsAsync(database, ns));
    }

    [Fact]
    public async Task An_event_appended_through_IStreamEventLog_is_committed_when_the_call_returns()
    {
        var database = await TestDatabase.SharedAsync();
        await using var silo = await StorageSilo.StartAsync(database);
        var (teller, ns) = (NewKey(), NewKey());

        await silo.Grains.GetGrain<ITellerGrain>(teller).AppendOnlyAsync(ns, "s", 5);

        Assert.Equal([5L], await AmountsAsync(database, ns));
        Assert.Equal(teller, await database.ScalarAsync<string>(
            "select publisher_key from stream_events where stream_namespace = $1 and publisher_type = $2", ns, TellerGrain.GrainTypeName));
    }

    [Fact]
    public async Task A_failure_after_a_write_keeps_what_was_written_and_drops_the_rest()
    {
        var database = await TestDatabase.SharedAsync();
        await using var silo = await StorageSilo.StartAsync(database);
        var (teller, ns) = (silo.Grains.GetGrain<ITellerGrain>(NewKey()), NewKey());

        await Assert.ThrowsAsync<InvalidOperationException>(() => teller.DepositThenPublishThenFailAsync(ns, "s", 9));

        Assert.Equal([9L], await AmountsAsync(database, ns));
        Assert.Equal(9, await teller.GetBalanceAsync());
        // The event published after the write is gone, not waiting for the next write.
        await teller.DepositAsync(ns, "s", 1);
        Assert.Equal([1L, 2L], await SequencesAsync(database, ns));
    }

    [Fact]
    public async Task A_projection_receives_every_publishers_events_in_order()
    {
        var database = await TestDatabase.SharedAsync();
        var ns = NewKey();
        await using var silo = await StorageSilo.StartAsync(database, ProjectionOf(ns, NewKey()));
        var tellers = Enumerable.Range(0, 3).Select(_ => NewKey()).ToList();

        await Task.WhenAll(tellers.Select(teller => Task.Run(async () =>
        {
            for (var i = 0; i < 30; i++)
            {
                await silo.Grains.GetGrain<ITellerGrain>(teller).DepositAsync(ns, "shared", 1);
            }
        })));

        var projection = ProjectionIn(silo);
        await Eventually.HoldsAsync(() => projection.Received.Count >= 90, "all 90 events arrive");
        var received = projection.Received;
        Assert.Equal(90, received.Count);
        Assert.All(tellers, teller =>
            Assert.Equal(Enumerable.Range(1, 30).Select(i => (long)i), received.Where(e => e.Item.Account == teller).Select(e => e.Item.Sequence)));
        var positions = received.Select(e => e.Info.Position).ToList();
        Assert.Equal(positions.Order(), positions);
    }

    [Fact]
    public async Task Each_stream_reaches_the_projection_in_its_own_order()
    {
        var database = await TestDatabase.SharedAsync();
        var ns = NewKey();
        await using var silo = await StorageSilo.StartAsync(database, ProjectionOf(ns, NewKey()));
        var streams = Enumerable.Range(0, 20).Select(_ => NewKey()).ToList();

        // Twenty streams over the log's partitions, whose loops deliver in parallel.
        await Task.WhenAll(streams.Select(stream => Task.Run(async () =>
        {
            for (var i = 0; i < 10; i++)
            {
                await silo.Grains.GetGrain<ITellerGrain>(stream).DepositAsync(ns, stream, 1);
            }
        })));

        var projection = ProjectionIn(silo);
        await Eventually.HoldsAsync(() => projection.Received.Count >= 200, "all 200 events arrive");
        Assert.Equal(200, projection.Received.Count);
        Assert.All(streams, stream =>
        {
            var ofStream = projection.Received.Where(e => e.Info.Stream == new StreamId(ns, stream)).ToList();
            Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), ofStream.Select(e => e.Item.Sequence));
            Assert.All(ofStream, e => Assert.Equal(stream, e.Item.Account));
        });
    }

    [Fact]
    public async Task Delivery_resumes_from_the_checkpoint_after_a_restart()
    {
        var database = await TestDatabase.SharedAsync();
        var (ns, subscription, stream) = (NewKey(), NewKey(), NewKey());
        await using (var first = await StorageSilo.StartAsync(database, ProjectionOf(ns, subscription)))
        {
            for (var i = 0; i < 10; i++)
            {
                await first.Grains.GetGrain<ITellerGrain>(stream).DepositAsync(ns, stream, 1);
            }

            var projection = ProjectionIn(first);
            await Eventually.HoldsAsync(() => projection.Received.Count == 10, "the first ten arrive");
            // Delivered events stay behind the checkpoint once it is saved: stopping before would
            // deliver them again, which at-least-once allows.
            await Eventually.HoldsAsync(
                () => database.CheckpointAsync(subscription), c => c == projection.Received[^1].Info.Position, "the checkpoint covers the first ten");
            await first.StopAsync();
        }

        // Published while no silo delivers this subscription.
        await using (var publisherOnly = await StorageSilo.StartAsync(database))
        {
            for (var i = 0; i < 10; i++)
            {
                await publisherOnly.Grains.GetGrain<ITellerGrain>(stream).DepositAsync(ns, stream, 1);
            }
        }

        await using var second = await StorageSilo.StartAsync(database, ProjectionOf(ns, subscription));
        var resumed = ProjectionIn(second);
        // In log order: anything delivered again would arrive before the last event.
        await Eventually.HoldsAsync(() => resumed.Received.Any(e => e.Item.Sequence == 20), "the last event arrives after the restart");

        Assert.Equal(Enumerable.Range(11, 10).Select(i => (long)i), resumed.Received.Select(e => e.Item.Sequence));
    }

    [Fact]
    public async Task An_event_committed_late_by_an_older_transaction_is_neither_skipped_nor_overtaken()
    {
        var database = await TestDatabase.SharedAsync();
        var (ns, stream, teller) = (NewKey(), NewKey(), NewKey());
        await using var silo = await StorageSilo.StartAsync(database, ProjectionOf(ns, NewKey()), o => o.StreamPollInterval = TimeSpan.FromMilliseconds(50));
        var projection = ProjectionIn(silo);

        // A slow writer: its transaction id is taken before the grain's, and it commits after.
        await using var slow = await database.DataSource.OpenConnectionAsync();
        await using var transaction = await slow.BeginTransactionAsync();
        await slow.InsertEventAsync(ns, stream, new Deposited("slow", 0, 1));

        await silo.Grains.GetGrain<ITellerGrain>(teller).DepositAsync(ns, stream, 1);

        // The log holds the grain's committed event back while the older transaction runs...
        var held = await silo.Services.GetRequiredService<IStreamLog>().ReadAfterAsync(
            ns, StreamPartitioner.PartitionOf(new StreamId(ns, stream)), StreamPosition.Start, 10, CancellationToken.None);
        Assert.Equal((0, true), (held.Events.Count, held.MoreInFlight));
        // ... and so does delivery, for many of its polls. Nothing can signal "not delivered", so this waits.
        await Task.Delay(TimeSpan.FromMilliseconds(600));
        Assert.Empty(projection.Received);

        await transaction.CommitAsync();
        await Eventually.HoldsAsync(() => projection.Received.Count >= 2, "both events arrive");
        Assert.Equal(["slow", teller], projection.Received.Select(e => e.Item.Account));
    }

    [Fact]
    public async Task A_poison_event_is_dead_lettered_after_its_retries_and_the_stream_moves_on()
    {
        var database = await TestDatabase.SharedAsync();
        var (ns, subscription, stream) = (NewKey(), NewKey(), NewKey());
        await using var silo = await StorageSilo.StartAsync(database, ProjectionOf(ns, subscription), o => o.StreamMaxAttempts = 3);
        var projection = ProjectionIn(silo);
        projection.Refuse = e => e.Amount < 0;

        await silo.Grains.GetGrain<ITellerGrain>(stream).DepositAsync(ns, stream, -5);
        await silo.Grains.GetGrain<ITellerGrain>(stream).DepositAsync(ns, stream, 7);

        await Eventually.HoldsAsync(() => projection.Received.Count == 1, "the good event arrives");
        Assert.Equal(7, Assert.Single(projection.Received).Item.Amount);
        // Three attempts of its batch, then one alone: the attempts the dead letter records.
        var poison = await PositionOfAsync(database, ns, sequence: 1);
        Assert.Equal(4, projection.OffersOf(poison));
        Assert.Equal(4, await database.ScalarAsync<int>(
            "select attempts from stream_dead_letters where subscription = $1 and event_id = $2", subscription, poison.EventId));
        // The delivery is counted once the projection's call has returned, a moment after it recorded the event.
        var metrics = await Eventually.HoldsAsync(
            () => Task.FromResult(silo.Services.GetRequiredService<PlatformMetricsCollector>().Snapshot().Streams.Single(s => s.Subscription == subscription)),
            m => m.Delivered == 1,
            "the delivery is counted");
        Assert.Equal((1L, 3L, 1L), (metrics.Delivered, metrics.Errors, metrics.DeadLetters));
    }

    [Fact]
    public async Task A_commit_in_this_silo_wakes_delivery_without_waiting_for_the_poll()
    {
        var database = await TestDatabase.SharedAsync();
        var (ns, subscription, stream) = (NewKey(), NewKey(), NewKey());
        // Committed before the silo starts, so its first read delivers it: then the loop is known to be waiting.
        await using (var outside = await database.DataSource.OpenConnectionAsync())
        {
            await outside.InsertEventAsync(ns, stream, new Deposited("outside", 0, 1));
        }

        await using var silo = await StorageSilo.StartAsync(database, ProjectionOf(ns, subscription), o =>
        {
            o.StreamPollInterval = TimeSpan.FromMinutes(5);
            o.StreamNotifications = false;
        });
        var projection = ProjectionIn(silo);
        await Eventually.HoldsAsync(() => projection.Received.Count == 1, "the first read delivers the earlier event");
        await Eventually.HoldsAsync(() => database.CheckpointAsync(subscription), c => c == projection.Received[0].Info.Position, "its checkpoint is saved");
        await Task.Delay(200); // the loop's next read, which finds nothing, is done; it waits now

        await silo.Grains.GetGrain<ITellerGrain>(NewKey()).DepositAsync(ns, stream, 3);

        await Eventually.HoldsAsync(() => projection.Received.Count == 2, "the event arrives long before the 5-minute poll");
    }

    [Fact]
    public async Task A_commit_in_another_silo_wakes_delivery_through_NOTIFY()
    {
        // A database of its own, so that its only listener is the consumer's.
        var database = await TestDatabase.CreateAsync("notify");
        var (ns, stream) = (NewKey(), NewKey());
        await using var consumer = await StorageSilo.StartAsync(database, ProjectionOf(ns, NewKey()), o => o.StreamPollInterval = TimeSpan.FromMinutes(5));
        await Eventually.HoldsAsync(
            () => database.ScalarAsync<long>(
                "select count(*) from pg_stat_activity where datname = current_database() and query = $1", $"listen {PostgresStreamNotifications.Channel}"),
            n => n == 1,
            "the consumer listens");
        // Starting a second silo takes far longer than the consumer's wake-up once it listens.
        await using var publisher = await StorageSilo.StartAsync(database);

        await publisher.Grains.GetGrain<ITellerGrain>(stream).DepositAsync(ns, stream, 3);

        var projection = ProjectionIn(consumer);
        await Eventually.HoldsAsync(() => projection.Received.Count == 1, "the event arrives long before the 5-minute poll");
    }

    private static async Task<List<long>> AmountsAsync(TestDatabase database, string streamNamespace) =>
        await ColumnAsync(database, "select (payload->>'amount')::bigint from stream_events where stream_namespace = $1 order by tx_id, id", streamNamespace);

    private static async Task<List<long>> SequencesAsync(TestDatabase database, string streamNamespace) =>
        await ColumnAsync(database, "select (payload->>'sequence')::bigint from stream_events where stream_namespace = $1 order by tx_id, id", streamNamespace);

    private static async Task<List<long>> ColumnAsync(TestDatabase database, string sql, string streamNamespace)
    {
        var values = new List<long>();
        await using var command = database.DataSource.CreateCommand(sql);
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = streamNamespace });
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetInt64(0));
        }

        return values;
    }

    private static async Task<StreamPosition> PositionOfAsync(TestDatabase database, string streamNamespace, long sequence)
    {
        await using var command = database.DataSource.CreateCommand(
            "select tx_id, id from stream_events where stream_namespace = $1 and (payload->>'sequence')::bigint = $2");
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = streamNamespace });
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = sequence });
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return new StreamPosition(reader.GetInt64(0), reader.GetInt64(1));
    }
}
