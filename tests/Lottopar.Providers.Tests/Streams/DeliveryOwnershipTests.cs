using Lottopar.Providers.PostgreSql.Hosting;
using Lottopar.Providers.PostgreSql.Streams;
using Lottopar.Providers.Tests.Storage;
using Lottopar.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using static Lottopar.Providers.Tests.Streams.StreamLogQueries;

namespace Lottopar.Providers.Tests.Streams;

/// <summary>
/// Two silos running the same projection on one database: each partition has one owner, they
/// split the partitions, every event is delivered once, and when one stops or loses its sessions
/// the other takes its partitions over from their checkpoints.
/// </summary>
public sealed class DeliveryOwnershipTests
{
    private const int Half = StreamPartitioner.PartitionCount / 2;

    private static Action<PostgresProvidersBuilder> ProjectionOf(string streamNamespace, string subscription) =>
        p => p.AddStreamProjection<RecordingProjection, Deposited>(subscription, streamNamespace);

    // Fast hand-overs for tests; the default is 2 s.
    private static void Options(PostgreSql.ProviderOptions o) => o.StreamOwnershipRetry = TimeSpan.FromMilliseconds(200);

    [Fact]
    public async Task Two_silos_split_the_partitions_and_deliver_each_event_once_then_the_survivor_takes_over()
    {
        var (ns, subscription) = (NewKey(), NewKey());
        var database = await TestDatabase.SharedAsync();
        var first = await StorageSilo.StartAsync(database, ProjectionOf(ns, subscription), Options);
        var firstShares = first.Services.GetRequiredService<DeliveryShares>();
        await Eventually.HoldsAsync(() => firstShares.Owned(subscription) == StreamPartitioner.PartitionCount, "the first silo owns every partition");

        await using var second = await StorageSilo.StartAsync(database, ProjectionOf(ns, subscription), Options);
        var secondShares = second.Services.GetRequiredService<DeliveryShares>();
        await Eventually.HoldsAsync(
            () => firstShares.Owned(subscription) == Half && secondShares.Owned(subscription) == Half, "the silos own half the partitions each");

        var keys = await InsertAsync(database, ns, 4);
        var firstProjection = first.Services.GetRequiredService<RecordingProjection>();
        var secondProjection = second.Services.GetRequiredService<RecordingProjection>();
        await Eventually.HoldsAsync(() => firstProjection.Received.Count + secondProjection.Received.Count >= keys.Count, "every event is delivered");
        Assert.Equal(keys.Count, firstProjection.Received.Count + secondProjection.Received.Count);
        Assert.Equal(keys.Order(), firstProjection.Received.Concat(secondProjection.Received).Select(e => e.Item.Account).Order());
        Assert.Equal(Half, PartitionsOf(ns, firstProjection).Count);
        Assert.Equal(Half, PartitionsOf(ns, secondProjection).Count);
        Assert.Empty(PartitionsOf(ns, firstProjection).Intersect(PartitionsOf(ns, secondProjection)));

        // The first stops: the second takes its partitions and delivers what comes next, nothing lost.
        await first.DisposeAsync();
        await Eventually.HoldsAsync(() => secondShares.Owned(subscription) == StreamPartitioner.PartitionCount, "the survivor owns every partition");
        var later = await InsertAsync(database, ns, 2);
        await Eventually.HoldsAsync(() => secondProjection.Received.Count(e => later.Contains(e.Item.Account)) >= later.Count, "every later event is delivered");
        Assert.Equal(later.Order(), secondProjection.Received.Select(e => e.Item.Account).Where(later.Contains).Order());
    }

    [Fact]
    public async Task A_silo_whose_lock_sessions_end_loses_its_partitions_and_reads_them_again_only_once_it_owns_them()
    {
        var (ns, subscription) = (NewKey(), NewKey());
        var database = await TestDatabase.SharedAsync();
        await using var silo = await StorageSilo.StartAsync(database, ProjectionOf(ns, subscription), Options);
        var shares = silo.Services.GetRequiredService<DeliveryShares>();
        var projection = silo.Services.GetRequiredService<RecordingProjection>();
        await Eventually.HoldsAsync(() => shares.Owned(subscription) == StreamPartitioner.PartitionCount, "the silo owns every partition");

        // Every lock session ends (a dropped connection), and someone else holds one partition now:
        // it waits for the lock in the statement that ends its holder, so it is first in line.
        var keys = NewKeys(ns, 4);
        var taken = PartitionOf(ns, keys[0]);
        await using (var other = await database.DataSource.OpenConnectionAsync())
        {
            await using (var takeOver = new Npgsql.NpgsqlCommand("select pg_terminate_backend($1), pg_advisory_lock($2, $3)", other))
            {
                takeOver.Parameters.Add(new Npgsql.NpgsqlParameter<int> { TypedValue = await PartitionLocks.HolderAsync(database, subscription, taken) });
                takeOver.Parameters.Add(new Npgsql.NpgsqlParameter<int> { TypedValue = PartitionLock.KeyOf(subscription) });
                takeOver.Parameters.Add(new Npgsql.NpgsqlParameter<int> { TypedValue = taken });
                await takeOver.ExecuteNonQueryAsync();
            }

            foreach (var partition in Enumerable.Range(0, StreamPartitioner.PartitionCount).Where(p => p != taken))
            {
                await PartitionLocks.TerminateHolderAsync(database, subscription, partition);
            }

            await InsertAsync(database, ns, keys);
            var others = keys.Where(k => PartitionOf(ns, k) != taken).ToList();
            await Eventually.HoldsAsync(() => projection.Received.Count >= others.Count, "the other partitions are delivered once the silo owns them again");
            Assert.Equal(others.Order(), projection.Received.Select(e => e.Item.Account).Order());

            await using var release = new Npgsql.NpgsqlCommand("select pg_advisory_unlock_all()", other);
            await release.ExecuteNonQueryAsync();
        }

        // Let go, the partition comes back to the silo, from its checkpoint.
        await Eventually.HoldsAsync(() => projection.Received.Count >= keys.Count, "the last partition is delivered once the silo owns it again");
        Assert.Equal(keys.Order(), projection.Received.Select(e => e.Item.Account).Order());
    }

    private static int PartitionOf(string ns, string key) => StreamPartitioner.PartitionOf(new Lottopar.Providers.Abstractions.StreamId(ns, key));

    private static HashSet<int> PartitionsOf(string ns, RecordingProjection projection) =>
        [.. projection.Received.Select(e => PartitionOf(ns, e.Item.Account))];

    /// <summary>Keys of <paramref name="perPartition"/> new streams in every partition.</summary>
    private static List<string> NewKeys(string ns, int perPartition)
    {
        var keys = new List<string>();
        while (keys.Count < perPartition * StreamPartitioner.PartitionCount)
        {
            var key = NewKey();
            if (keys.Count(k => PartitionOf(ns, k) == PartitionOf(ns, key)) < perPartition)
            {
                keys.Add(key);
            }
        }

        return keys;
    }

    /// <summary>One event on each of <paramref name="perPartition"/> new streams of every partition; their keys.</summary>
    private static async Task<List<string>> InsertAsync(TestDatabase database, string ns, int perPartition)
    {
        var keys = NewKeys(ns, perPartition);
        await InsertAsync(database, ns, keys);
        return keys;
    }

    private static async Task InsertAsync(TestDatabase database, string ns, List<string> keys)
    {
        await using var outside = await database.DataSource.OpenConnectionAsync();
        foreach (var key in keys)
        {
            await outside.InsertEventAsync(ns, key, new Deposited(key, 1, 1));
        }
    }
}
