using Lottopar.Providers.PostgreSql.Metrics;
using Lottopar.Providers.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Xunit;

namespace Lottopar.Providers.Tests.Metrics;

/// <summary>
/// What <see cref="PlatformMetricsCollector"/> shows per grain type: calls, errors and call time
/// from the incoming call filter, write time and stale-write conflicts from our storage provider,
/// and the group commits of the state store. Counts are cumulative per silo, so tests compare
/// two snapshots of the class's own silo.
/// </summary>
public sealed class MetricsTests(StorageSilo silo) : IClassFixture<StorageSilo>
{
    private static string NewKey() => Guid.NewGuid().ToString("N");

    private static PlatformMetricsSnapshot SnapshotOf(StorageSilo of) => of.Services.GetRequiredService<PlatformMetricsCollector>().Snapshot();

    private static GrainTypeMetrics Counters(PlatformMetricsSnapshot snapshot) =>
        snapshot.GrainTypes.SingleOrDefault(t => t.GrainType == "test-counter")
        ?? new GrainTypeMetrics("test-counter", 0, 0, 0, LatencySummary.Empty, LatencySummary.Empty);

    [Fact]
    public async Task Calls_errors_and_state_writes_are_counted_per_grain_type()
    {
        var before = Counters(SnapshotOf(silo));
        var keys = Enumerable.Range(0, 3).Select(_ => NewKey()).ToList();

        foreach (var key in keys)
        {
            await silo.Grains.GetGrain<ICounterGrain>(key).AddAsync(1, null);
            await silo.Grains.GetGrain<ICounterGrain>(key).TotalAsync();
        }

        await Assert.ThrowsAsync<InvalidOperationException>(() => silo.Grains.GetGrain<ICounterGrain>(keys[0]).AddThenFailAsync(1));
        await Assert.ThrowsAsync<TestRefusalException>(() => silo.Grains.GetGrain<ICounterGrain>(keys[1]).RefuseAsync());

        var after = Counters(SnapshotOf(silo));
        Assert.Equal((8L, 2L), (after.Calls - before.Calls, after.Errors - before.Errors)); // a refusal is an error too
        Assert.Equal(8, after.CallDuration.Count - before.CallDuration.Count);
        Assert.True(after.CallDuration.P99Ms >= after.CallDuration.P50Ms && after.CallDuration.MaxMs > 0, $"call time {after.CallDuration}");
        Assert.Equal(3, after.StorageWrite.Count - before.StorageWrite.Count);
        Assert.Equal(0, after.StorageConflicts - before.StorageConflicts);
    }

    [Fact]
    public async Task A_stale_write_is_counted_as_a_storage_conflict_of_its_grain_type()
    {
        await using var other = await StorageSilo.StartAsync(silo.Database);
        var before = Counters(SnapshotOf(other));
        var key = NewKey();
        Assert.Equal(0, await other.Grains.GetGrain<ICounterGrain>(key).TotalAsync());
        await silo.Grains.GetGrain<ICounterGrain>(key).AddAsync(1, null);

        await Assert.ThrowsAsync<InconsistentStateException>(() => other.Grains.GetGrain<ICounterGrain>(key).AddAsync(1, null));

        var after = Counters(SnapshotOf(other));
        Assert.Equal(
            (1L, 1L, 1L),
            (after.StorageConflicts - before.StorageConflicts, after.StorageWrite.Count - before.StorageWrite.Count, after.Errors - before.Errors));
    }

    [Fact]
    public async Task Group_commits_count_the_writes_they_carried()
    {
        var grains = Enumerable.Range(0, 64).Select(_ => silo.Grains.GetGrain<ICounterGrain>(NewKey())).ToList();
        var before = SnapshotOf(silo).Storage;

        await Task.WhenAll(grains.Select(g => g.AddAsync(1, null)));

        var after = SnapshotOf(silo).Storage;
        var (batches, writes) = (after.Batches - before.Batches, after.Writes - before.Writes);
        Assert.Equal(64, writes);
        Assert.InRange(batches, 1, 64);
        Assert.Equal(0, after.Fallbacks - before.Fallbacks);
    }
}
