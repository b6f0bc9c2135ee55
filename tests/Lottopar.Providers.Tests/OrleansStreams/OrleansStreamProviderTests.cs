using Lottopar.Providers.PostgreSql.Storage;
using Lottopar.Providers.PostgreSql.Streams;
using Lottopar.Providers.PostgreSql.Streams.Orleans;
using Lottopar.Providers.Tests.Storage;
using Lottopar.Testing;
using Npgsql;
using Xunit;
using Xunit.Abstractions;
using StreamId = Lottopar.Providers.Abstractions.StreamId;

namespace Lottopar.Providers.Tests.OrleansStreams;

/// <summary>
/// The stream log as an Orleans persistent stream provider, on real silos and PostgreSQL: grains
/// implicitly subscribed to a namespace receive its events, whoever committed them, in log order,
/// at least once, resuming from checkpoints, never overtaking a late commit, dead-lettering what
/// a consumer refuses, with one reader per partition across silos.
/// </summary>
public sealed class OrleansStreamProviderTests(ITestOutputHelper output)
{
    private static string NewKey() => Guid.NewGuid().ToString("N");

    private static Task<TestDatabase> NewDatabaseAsync() => TestDatabase.CreateAsync("ostreams");

    [Fact]
    public async Task An_implicitly_subscribed_grain_receives_every_outbox_event_of_its_stream_in_order()
    {
        var database = await NewDatabaseAsync();
        await using var silo = await StreamLogSilo.StartAsync(database, StreamLogSilo.NewClusterId());
        var streams = Enumerable.Range(0, 6).Select(_ => NewKey()).ToList();

        // Each stream has two publishers, interleaving their commits.
        await Task.WhenAll(streams.SelectMany(stream => new[] { "a", "b" }.Select(publisher => Task.Run(async () =>
        {
            for (var i = 0; i < 10; i++)
            {
                await silo.Grains.GetGrain<ILedgerGrain>($"{stream}-{publisher}").CreditAsync(stream, 1);
            }
        }))));

        await Eventually.HoldsAsync(() => silo.Deliveries.All.Count >= 120, "all 120 events arrive");
        Assert.Equal(120, silo.Deliveries.All.Count);
        foreach (var stream in streams)
        {
            var received = silo.Deliveries.Of(stream);
            Assert.Equal(await PositionsAsync(database, stream), received.Select(d => d.Position));
            foreach (var publisher in new[] { "a", "b" })
            {
                Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), received.Where(d => d.Event.Account == $"{stream}-{publisher}").Select(d => d.Event.Sequence));
            }
        }
    }

    [Fact]
    public async Task An_event_produced_on_an_Orleans_stream_is_committed_under_its_name_and_delivered()
    {
        var database = await NewDatabaseAsync();
        await using var silo = await StreamLogSilo.StartAsync(database, StreamLogSilo.NewClusterId());
        var (ledger, stream) = (NewKey(), NewKey());

        await silo.Grains.GetGrain<ILedgerGrain>(ledger).ProduceAsync(stream, 42);

        // Committed when the call returns, published by the producing grain.
        Assert.Equal(
            $"{Credited.EventName} {LedgerGrain.GrainTypeName} {ledger} {StreamPartitioner.PartitionOf(new StreamId(StreamLogSilo.Namespace, stream))}",
            await database.ScalarAsync<string>(
                "select event_type || ' ' || publisher_type || ' ' || publisher_key || ' ' || partition from stream_events where stream_key = $1", stream));
        await Eventually.HoldsAsync(() => silo.Deliveries.Of(stream).Count == 1, "the event arrives");
        Assert.Equal(42, silo.Deliveries.Of(stream)[0].Event.Amount);

        // A payload type without an event name is refused, and nothing is written.
        var unnamed = NewKey();
        await Assert.ThrowsAsync<ArgumentException>(() => silo.Grains.GetGrain<ILedgerGrain>(ledger).ProduceUnnamedAsync(unnamed));
        Assert.Equal(0, await database.ScalarAsync<long>("select count(*) from stream_events where stream_key = $1", unnamed));
    }

    [Fact]
    public async Task After_a_restart_delivery_resumes_from_the_checkpoint_with_nothing_lost_or_repeated_behind_it()
    {
        var database = await NewDatabaseAsync();
        var (clusterId, stream, ledger) = (StreamLogSilo.NewClusterId(), NewKey(), NewKey());
        StreamPosition checkpoint;
        await using (var first = await StreamLogSilo.StartAsync(database, clusterId))
        {
            for (var i = 0; i < 10; i++)
            {
                await first.Grains.GetGrain<ILedgerGrain>(ledger).CreditAsync(stream, 1);
            }

            await Eventually.HoldsAsync(() => first.Deliveries.Of(stream).Count >= 10, "the first ten arrive");
            // The cache reports them delivered once no cursor points at them; the checkpoint follows.
            var last = first.Deliveries.Of(stream)[^1].Position;
            checkpoint = await Eventually.HoldsAsync(() => CheckpointAsync(database, stream), c => c == last, "the checkpoint covers the first ten");
            Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), first.Deliveries.Of(stream).Select(d => d.Event.Sequence));
        }

        // Published while no silo of the cluster runs (a silo without the stream provider).
        await using (var publisherOnly = await StorageSilo.StartAsync(database))
        {
            for (var i = 0; i < 10; i++)
            {
                await publisherOnly.Grains.GetGrain<ILedgerGrain>(ledger).CreditAsync(stream, 1);
            }
        }

        await using var second = await StreamLogSilo.StartAsync(database, clusterId);
        await Eventually.HoldsAsync(() => second.Deliveries.Of(stream).Any(d => d.Event.Sequence == 20), "the last event arrives after the restart");

        // Exactly what lies after the checkpoint: nothing behind it again, nothing after it missing.
        var after = (await PositionsAsync(database, stream)).Where(p => p > checkpoint).ToList();
        Assert.Equal(after, second.Deliveries.Of(stream).Select(d => d.Position));
        Assert.Equal(Enumerable.Range(11, 10).Select(i => (long)i), second.Deliveries.Of(stream).Select(d => d.Event.Sequence));
    }

    [Fact]
    public async Task An_event_committed_late_by_an_older_transaction_is_neither_skipped_nor_overtaken()
    {
        var database = await NewDatabaseAsync();
        await using var silo = await StreamLogSilo.StartAsync(database, StreamLogSilo.NewClusterId());
        var (stream, ledger) = (NewKey(), NewKey());

        // A slow writer: its transaction id is taken before the grain's, and it commits after.
        await using var slow = await database.DataSource.OpenConnectionAsync();
        await using var transaction = await slow.BeginTransactionAsync();
        await InsertAsync(slow, stream, RuntimeJson.Serialize(new Credited("slow", 0, 1), typeof(Credited)));

        await silo.Grains.GetGrain<ILedgerGrain>(ledger).CreditAsync(stream, 1);

        // The grain's committed event waits behind the open transaction, for many polls.
        await Task.Delay(TimeSpan.FromMilliseconds(800));
        Assert.Empty(silo.Deliveries.Of(stream));

        await transaction.CommitAsync();
        await Eventually.HoldsAsync(() => silo.Deliveries.Of(stream).Count >= 2, "both events arrive");
        Assert.Equal(["slow", ledger], silo.Deliveries.Of(stream).Select(d => d.Event.Account));
    }

    [Fact]
    public async Task An_event_a_consumer_always_refuses_is_dead_lettered_and_later_events_still_arrive()
    {
        var database = await NewDatabaseAsync();
        await using var silo = await StreamLogSilo.StartAsync(database, StreamLogSilo.NewClusterId());
        var (stream, ledger) = (NewKey(), NewKey());

        await silo.Grains.GetGrain<ILedgerGrain>(ledger).CreditAsync(stream, -5);
        await silo.Grains.GetGrain<ILedgerGrain>(ledger).CreditAsync(stream, 7);
        await silo.Grains.GetGrain<ILedgerGrain>(ledger).CreditAsync(stream, 8);

        await Eventually.HoldsAsync(() => silo.Deliveries.Of(stream).Count >= 2, "the later events arrive", TimeSpan.FromSeconds(30));
        Assert.Equal([7L, 8L], silo.Deliveries.Of(stream).Select(d => d.Event.Amount));
        var poison = (await PositionsAsync(database, stream))[0];
        Assert.StartsWith(
            $"orleans:{StreamLogSilo.Provider}:",
            await Eventually.HoldsAsync(
                () => database.ScalarAsync<string>("select subscription from stream_dead_letters where event_id = $1 and stream_key = $2", poison.EventId, stream),
                s => s is not null,
                "the refused event is dead-lettered"));
    }

    [Fact]
    public async Task An_event_whose_JSON_does_not_fit_the_consumers_type_is_dead_lettered_and_later_events_still_arrive()
    {
        var database = await NewDatabaseAsync();
        await using var silo = await StreamLogSilo.StartAsync(database, StreamLogSilo.NewClusterId());
        var (stream, ledger) = (NewKey(), NewKey());
        await using (var outside = await database.DataSource.OpenConnectionAsync())
        {
            await InsertAsync(outside, stream, """{"account":"x","sequence":"not a number","amount":1}""");
        }

        await silo.Grains.GetGrain<ILedgerGrain>(ledger).CreditAsync(stream, 7);

        await Eventually.HoldsAsync(() => silo.Deliveries.Of(stream).Count >= 1, "the later event arrives", TimeSpan.FromSeconds(30));
        Assert.Equal([7L], silo.Deliveries.Of(stream).Select(d => d.Event.Amount));
        var unreadable = (await PositionsAsync(database, stream))[0];
        await Eventually.HoldsAsync(
            () => database.ScalarAsync<long>("select count(*) from stream_dead_letters where event_id = $1", unreadable.EventId), n => n == 1, "the unreadable event is dead-lettered");
    }

    [Fact]
    public async Task Two_silos_of_one_cluster_deliver_every_event_of_every_partition()
    {
        var database = await NewDatabaseAsync();
        var clusterId = StreamLogSilo.NewClusterId();
        var silos = await Task.WhenAll(StreamLogSilo.StartAsync(database, clusterId), StreamLogSilo.StartAsync(database, clusterId));
        await using var first = silos[0];
        await using var second = silos[1];
        await Eventually.HoldsAsync(() => first.ActiveSilosSeen == 2 && second.ActiveSilosSeen == 2, "both silos see two active silos");
        // Orleans' balancer splits the 16 queues between them (a pulling agent per queue).
        await Eventually.HoldsAsync(
            async () => (await first.RunningAgentsAsync(), await second.RunningAgentsAsync()),
            agents => agents.Item1 > 0 && agents.Item2 > 0 && agents.Item1 + agents.Item2 == StreamPartitioner.PartitionCount,
            "the silos share the queues",
            TimeSpan.FromSeconds(30));
        // Four streams in each partition.
        var streams = Enumerable.Range(0, 1000).Select(_ => NewKey())
            .GroupBy(s => StreamPartitioner.PartitionOf(new StreamId(StreamLogSilo.Namespace, s)))
            .SelectMany(partition => partition.Take(4))
            .ToList();
        Assert.Equal(StreamPartitioner.PartitionCount * 4, streams.Count);

        await Task.WhenAll(streams.Select((stream, i) => Task.Run(async () =>
        {
            var silo = silos[i % 2];
            for (var n = 0; n < 5; n++)
            {
                await silo.Grains.GetGrain<ILedgerGrain>(stream).CreditAsync(stream, 1);
            }
        })));

        IReadOnlyList<Delivery> All() => [.. first.Deliveries.All, .. second.Deliveries.All];
        await Eventually.HoldsAsync(
            () => streams.All(s => All().Any(d => d.Stream == s && d.Event.Sequence == 5)), "every stream's last event arrives", TimeSpan.FromSeconds(30));

        // Nothing lost, each stream in order once duplicates (at least once) are set aside.
        foreach (var stream in streams)
        {
            var received = All().Where(d => d.Stream == stream).Select(d => d.Event.Sequence).ToList();
            Assert.Equal(Enumerable.Range(1, 5).Select(i => (long)i), received.Distinct().Order());
        }

        var duplicates = All().Count - All().Select(d => d.Position).Distinct().Count();
        output.WriteLine($"{All().Count} deliveries of {streams.Count * 5} events ({duplicates} again), {first.Deliveries.All.Count} in the first silo, {second.Deliveries.All.Count} in the second.");
        // One reader per partition across the cluster: 16 partition locks, held by 16 sessions.
        Assert.Equal((16L, 16L), (
            await database.ScalarAsync<long>("select count(distinct objid) from pg_locks where locktype = 'advisory' and granted and database = (select oid from pg_database where datname = current_database())"),
            await database.ScalarAsync<long>("select count(*) from pg_locks where locktype = 'advisory' and granted and database = (select oid from pg_database where datname = current_database())")));
    }

    private static async Task<List<StreamPosition>> PositionsAsync(TestDatabase database, string stream)
    {
        await using var command = database.DataSource.CreateCommand("select tx_id, id from stream_events where stream_key = $1 order by tx_id, id");
        command.Parameters.Add(new NpgsqlParameter { Value = stream });
        await using var reader = await command.ExecuteReaderAsync();
        var positions = new List<StreamPosition>();
        while (await reader.ReadAsync())
        {
            positions.Add(new StreamPosition(reader.GetInt64(0), reader.GetInt64(1)));
        }

        return positions;
    }

    private static async Task<StreamPosition> CheckpointAsync(TestDatabase database, string stream)
    {
        await using var command = database.DataSource.CreateCommand("select tx_id, event_id from stream_checkpoints where subscription = $1 and partition = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = StreamLogQueueAdapterFactory.CheckpointName(StreamLogSilo.Provider, StreamLogSilo.Namespace) });
        command.Parameters.Add(new NpgsqlParameter { Value = (short)StreamPartitioner.PartitionOf(new StreamId(StreamLogSilo.Namespace, stream)) });
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? new StreamPosition(reader.GetInt64(0), reader.GetInt64(1)) : StreamPosition.Start;
    }

    /// <summary>Inserts an event of <paramref name="stream"/> as a writer outside the silo would, inside <paramref name="connection"/>'s transaction if it has one.</summary>
    internal static async Task InsertAsync(NpgsqlConnection connection, string stream, string payload, string streamNamespace = StreamLogSilo.Namespace)
    {
        await using var insert = new NpgsqlCommand(
            """
            insert into stream_events (partition, stream_namespace, stream_key, event_type, payload, published_at, publisher_type, publisher_key)
            values ($1, $2, $3, $4, $5::jsonb, now(), 'test', 'outside')
            """, connection);
        insert.Parameters.Add(new NpgsqlParameter { Value = (short)StreamPartitioner.PartitionOf(new StreamId(streamNamespace, stream)) });
        insert.Parameters.Add(new NpgsqlParameter { Value = streamNamespace });
        insert.Parameters.Add(new NpgsqlParameter { Value = stream });
        insert.Parameters.Add(new NpgsqlParameter { Value = Credited.EventName });
        insert.Parameters.Add(new NpgsqlParameter { Value = payload });
        await insert.ExecuteNonQueryAsync();
    }
}
