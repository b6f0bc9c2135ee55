using Lottopar.Runtime.Streams;
using Lottopar.Runtime.Tests.Grains;
using Lottopar.Runtime.Tests.Infrastructure;
using Lottopar.Testing;
using Npgsql;
using Xunit;

namespace Lottopar.Runtime.Tests;

/// <summary>
/// Durable streams: events commit with the state that produced them, reach their subscribers in
/// order per stream at least once, and delivery resumes from checkpoints after a restart.
/// </summary>
public sealed class StreamTests
{
    private static string NewKey() => Guid.NewGuid().ToString("N");

    private static Action<Hosting.ActorRuntimeBuilder> AuditOf(string streamNamespace, string subscription) =>
        r => r.AddStreamSubscription<IAuditGrain, AccountEvent>(subscription, streamNamespace);

    private static Task<long> EventCountAsync(TestDatabase database, string streamNamespace) =>
        database.ScalarAsync<long>("select count(*) from stream_events where stream_namespace = $1", streamNamespace);

    [Fact]
    public async Task EventsCommitInTheSameTransactionAsTheState()
    {
        var database = await TestDatabase.SharedAsync();
        await using var silo = await TestSilo.StartAsync(database);
        var (account, ns) = (NewKey(), NewKey());

        await silo.Grains.GetGrain<IAccountGrain>(account).DepositAsync(ns, "s", 50);

        // The state row's xmin is the (32-bit) id of the transaction that wrote it.
        var sameTransaction = await database.ScalarAsync<bool>(
            """
            select (select xmin::text::bigint from grain_state where grain_type = 'account' and grain_key = $1)
                 = (select tx_id % 4294967296 from stream_events where stream_namespace = $2)
            """, account, ns);
        Assert.True(sameTransaction);
    }

    [Fact]
    public async Task LosingStateWriteCommitsNeitherStateNorEvents()
    {
        var database = await TestDatabase.SharedAsync();
        await using var siloA = await TestSilo.StartAsync(database);
        await using var siloB = await TestSilo.StartAsync(database);
        var (account, ns) = (NewKey(), NewKey());
        Assert.Equal(0, await siloA.Grains.GetGrain<IAccountGrain>(account).GetBalanceAsync());
        Assert.Equal(0, await siloB.Grains.GetGrain<IAccountGrain>(account).GetBalanceAsync());
        await siloA.Grains.GetGrain<IAccountGrain>(account).DepositAsync(ns, "s", 1);

        await Assert.ThrowsAsync<InconsistentStateException>(() => siloB.Grains.GetGrain<IAccountGrain>(account).DepositAsync(ns, "s", 1000));

        Assert.Equal(1, await EventCountAsync(database, ns));
        Assert.Equal(1, await siloB.Grains.GetGrain<IAccountGrain>(account).GetBalanceAsync());
    }

    [Fact]
    public async Task FailedCallPublishesNothing()
    {
        var database = await TestDatabase.SharedAsync();
        await using var silo = await TestSilo.StartAsync(database);
        var ns = NewKey();

        await Assert.ThrowsAsync<InvalidOperationException>(() => silo.Grains.GetGrain<IAccountGrain>(NewKey()).PublishThenFailAsync(ns, "s", 5));

        Assert.Equal(0, await EventCountAsync(database, ns));
    }

    [Fact]
    public async Task EventsWithoutAStateWriteCommitWhenTheCallSucceeds()
    {
        var database = await TestDatabase.SharedAsync();
        await using var silo = await TestSilo.StartAsync(database);
        var ns = NewKey();

        await silo.Grains.GetGrain<IAccountGrain>(NewKey()).PublishOnlyAsync(ns, "s", 5);

        Assert.Equal(1, await EventCountAsync(database, ns));
    }

    [Fact]
    public async Task FailureAfterAWriteKeepsWhatWasWrittenAndDropsTheRest()
    {
        var database = await TestDatabase.SharedAsync();
        await using var silo = await TestSilo.StartAsync(database);
        var (account, ns) = (NewKey(), NewKey());

        await Assert.ThrowsAsync<InvalidOperationException>(() => silo.Grains.GetGrain<IAccountGrain>(account).DepositThenPublishThenFailAsync(ns, "s", 9));

        Assert.Equal(1, await EventCountAsync(database, ns));
        Assert.Equal(9, await silo.Grains.GetGrain<IAccountGrain>(account).GetBalanceAsync());
    }

    [Fact]
    public async Task SubscriberReceivesEveryPublishersEventsInOrder()
    {
        var database = await TestDatabase.SharedAsync();
        var ns = NewKey();
        await using var silo = await TestSilo.StartAsync(database, AuditOf(ns, NewKey()));
        var accounts = Enumerable.Range(0, 3).Select(_ => NewKey()).ToList();

        await Task.WhenAll(accounts.Select(account => Task.Run(async () =>
        {
            for (var i = 0; i < 30; i++)
            {
                await silo.Grains.GetGrain<IAccountGrain>(account).DepositAsync(ns, "shared", 1);
            }
        })));

        var received = await Eventually.HoldsAsync(
            () => silo.Grains.GetGrain<IAuditGrain>("shared").GetReceivedAsync(), r => r.Count >= 90, "all 90 events arrive");
        Assert.Equal(90, received.Count);
        Assert.All(accounts, account =>
            Assert.Equal(Enumerable.Range(1, 30).Select(i => (long)i), received.Where(e => e.Account == account).Select(e => e.Sequence)));
        var positions = await silo.Grains.GetGrain<IAuditGrain>("shared").GetPositionsAsync();
        Assert.Equal(positions.Order(), positions);
    }

    [Fact]
    public async Task EachStreamIsDeliveredToItsOwnConsumerInOrder()
    {
        var database = await TestDatabase.SharedAsync();
        var ns = NewKey();
        await using var silo = await TestSilo.StartAsync(database, AuditOf(ns, NewKey()));
        var streams = Enumerable.Range(0, 20).Select(_ => NewKey()).ToList();

        await Task.WhenAll(streams.Select(stream => Task.Run(async () =>
        {
            for (var i = 0; i < 10; i++)
            {
                await silo.Grains.GetGrain<IAccountGrain>(stream).DepositAsync(ns, stream, 1);
            }
        })));

        foreach (var stream in streams)
        {
            var received = await Eventually.HoldsAsync(
                () => silo.Grains.GetGrain<IAuditGrain>(stream).GetReceivedAsync(), r => r.Count >= 10, $"stream {stream} is delivered");
            Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), received.Select(e => e.Sequence));
        }
    }

    [Fact]
    public async Task SubscriptionRuleChoosesTheConsumerGrain()
    {
        var database = await TestDatabase.SharedAsync();
        var ns = NewKey();
        var account = NewKey();
        await using var silo = await TestSilo.StartAsync(database,
            r => r.AddStreamSubscription<IAuditGrain, AccountEvent>(NewKey(), ns, (_, e) => "by-account-" + e.Account));

        await silo.Grains.GetGrain<IAccountGrain>(account).DepositAsync(ns, "some-stream", 4);

        var received = await Eventually.HoldsAsync(
            () => silo.Grains.GetGrain<IAuditGrain>("by-account-" + account).GetReceivedAsync(), r => r.Count == 1, "the account's auditor gets the event");
        Assert.Equal(4, received[0].Amount);
    }

    [Fact]
    public async Task DeliveryResumesFromTheCheckpointAfterARestart()
    {
        var database = await TestDatabase.SharedAsync();
        var (ns, subscription, stream) = (NewKey(), NewKey(), NewKey());
        await using (var first = await TestSilo.StartAsync(database, AuditOf(ns, subscription)))
        {
            for (var i = 0; i < 10; i++)
            {
                await first.Grains.GetGrain<IAccountGrain>(stream).DepositAsync(ns, stream, 1);
            }

            await Eventually.HoldsAsync(() => first.Grains.GetGrain<IAuditGrain>(stream).GetReceivedAsync(), r => r.Count == 10, "the first ten arrive");
        }

        // Published while no silo delivers this subscription.
        await using (var publisherOnly = await TestSilo.StartAsync(database))
        {
            for (var i = 0; i < 10; i++)
            {
                await publisherOnly.Grains.GetGrain<IAccountGrain>(stream).DepositAsync(ns, stream, 1);
            }
        }

        await using var second = await TestSilo.StartAsync(database, AuditOf(ns, subscription));
        var received = await Eventually.HoldsAsync(
            () => second.Grains.GetGrain<IAuditGrain>(stream).GetReceivedAsync(), r => r.Count >= 20, "the next ten arrive after the restart");
        await Task.Delay(300);
        received = await second.Grains.GetGrain<IAuditGrain>(stream).GetReceivedAsync();

        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), received.Select(e => e.Sequence));
    }

    [Fact]
    public async Task EventCommittedLateByAnOlderTransactionIsNeitherSkippedNorOvertaken()
    {
        var database = await TestDatabase.SharedAsync();
        var (ns, stream) = (NewKey(), NewKey());
        await using var silo = await TestSilo.StartAsync(database, AuditOf(ns, NewKey()));

        // A slow writer: its transaction id is taken before the grain's, and it commits after.
        await using var slow = await database.DataSource.OpenConnectionAsync();
        await using var transaction = await slow.BeginTransactionAsync();
        await using (var insert = new NpgsqlCommand(
            """
            insert into stream_events (partition, stream_namespace, stream_key, event_type, payload, published_at, publisher_type, publisher_key)
            values ($1, $2, $3, 'AccountEvent', $4::jsonb, now(), 'test', 'slow')
            """, slow))
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = (short)StreamPartitioner.PartitionOf(new StreamId(ns, stream)) });
            insert.Parameters.Add(new NpgsqlParameter { Value = ns });
            insert.Parameters.Add(new NpgsqlParameter { Value = stream });
            insert.Parameters.Add(new NpgsqlParameter { Value = """{"account":"slow","sequence":0,"amount":1}""" });
            await insert.ExecuteNonQueryAsync();
        }

        await silo.Grains.GetGrain<IAccountGrain>(NewKey()).DepositAsync(ns, stream, 1);
        await Task.Delay(500);
        Assert.Empty(await silo.Grains.GetGrain<IAuditGrain>(stream).GetReceivedAsync());

        await transaction.CommitAsync();
        var received = await Eventually.HoldsAsync(
            () => silo.Grains.GetGrain<IAuditGrain>(stream).GetReceivedAsync(), r => r.Count >= 2, "both events arrive");
        Assert.Equal(["slow", received[1].Account], received.Select(e => e.Account));
    }

    [Fact]
    public async Task PoisonEventIsDeadLetteredAfterItsRetriesAndTheStreamMovesOn()
    {
        var database = await TestDatabase.SharedAsync();
        var (ns, subscription, stream) = (NewKey(), NewKey(), NewKey());
        await using var silo = await TestSilo.StartAsync(database, AuditOf(ns, subscription), o => o.StreamMaxAttempts = 3);

        await silo.Grains.GetGrain<IAccountGrain>(stream).DepositAsync(ns, stream, -5);
        await silo.Grains.GetGrain<IAccountGrain>(stream).DepositAsync(ns, stream, 7);

        var received = await Eventually.HoldsAsync(
            () => silo.Grains.GetGrain<IAuditGrain>(stream).GetReceivedAsync(), r => r.Count == 1, "the good event arrives");
        Assert.Equal(7, received[0].Amount);
        Assert.Equal(3, await database.ScalarAsync<int>("select attempts from stream_dead_letters where subscription = $1", subscription));
        // The delivery is counted once the consumer's call has returned, a moment after its state changed.
        var metrics = await Eventually.HoldsAsync(
            () => Task.FromResult(silo.Metrics().Streams.Single(s => s.Subscription == subscription)), m => m.Delivered == 1, "the delivery is counted");
        Assert.Equal((1, 3, 1), (metrics.Delivered, metrics.Errors, metrics.DeadLetters));
    }

    [Fact]
    public async Task CommitInThisSiloWakesDeliveryWithoutWaitingForThePoll()
    {
        var database = await TestDatabase.SharedAsync();
        var (ns, stream) = (NewKey(), NewKey());
        await using var silo = await TestSilo.StartAsync(database, AuditOf(ns, NewKey()), o =>
        {
            o.StreamPollInterval = TimeSpan.FromMinutes(5);
            o.StreamNotifications = false;
        });
        await Task.Delay(200); // the delivery loops are waiting now

        await silo.Grains.GetGrain<IAccountGrain>(stream).DepositAsync(ns, stream, 3);

        await Eventually.HoldsAsync(
            () => silo.Grains.GetGrain<IAuditGrain>(stream).GetReceivedAsync(), r => r.Count == 1, "the event arrives long before the 5-minute poll");
    }

    [Fact]
    public async Task CommitInAnotherSiloWakesDeliveryThroughNotify()
    {
        var database = await TestDatabase.SharedAsync();
        var (ns, stream) = (NewKey(), NewKey());
        await using var consumer = await TestSilo.StartAsync(database, AuditOf(ns, NewKey()), o => o.StreamPollInterval = TimeSpan.FromMinutes(5));
        await using var publisher = await TestSilo.StartAsync(database);
        await Task.Delay(500); // both silos listen now

        await publisher.Grains.GetGrain<IAccountGrain>(stream).DepositAsync(ns, stream, 3);

        await Eventually.HoldsAsync(
            () => consumer.Grains.GetGrain<IAuditGrain>(stream).GetReceivedAsync(), r => r.Count == 1, "the event arrives long before the 5-minute poll");
    }
}
