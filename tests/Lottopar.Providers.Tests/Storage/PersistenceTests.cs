using Orleans.Storage;
using Xunit;

namespace Lottopar.Providers.Tests.Storage;

/// <summary>
/// Grain state under Orleans with our provider: versioned, never silently overwritten. The fixture
/// silo and a second silo of a test's own (a cluster of its own) each activate the same grain on
/// the same database, as two silos do when a partition splits the cluster or a directory goes stale.
/// </summary>
public sealed class PersistenceTests(StorageSilo silo) : IClassFixture<StorageSilo>
{
    private static string NewKey() => Guid.NewGuid().ToString("N");

    private Task<long> StoredAsync(string column, string key) =>
        silo.Database.ScalarAsync<long>($"select ({column})::bigint from grain_state where grain_type = 'test-counter' and grain_key = $1", key);

    [Fact]
    public async Task Concurrent_increments_are_never_lost()
    {
        var counter = silo.Grains.GetGrain<ICounterGrain>(NewKey());

        await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(() => counter.AddAsync(1, null))));

        Assert.Equal(200, await counter.TotalAsync());
        Assert.Equal("200", await counter.ETagAsync());
        Assert.Equal(200, await StoredAsync("state->>'total'", counter.GetPrimaryKeyString()));
    }

    [Fact]
    public async Task A_stale_writer_from_another_silo_fails_and_reloads()
    {
        await using var other = await StorageSilo.StartAsync(silo.Database);
        var key = NewKey();
        var inA = silo.Grains.GetGrain<ICounterGrain>(key);
        var inB = other.Grains.GetGrain<ICounterGrain>(key);

        // Both silos activate the grain before either writes, then A writes first.
        Assert.Equal(0, await inA.TotalAsync());
        Assert.Equal(0, await inB.TotalAsync());
        Assert.Equal(1, await inA.AddAsync(1, null));

        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => inB.AddAsync(100, null));
        Assert.Contains($"test-counter/{key}", conflict.Message);

        // B's activation was dropped: its next call reloads A's write and builds on it.
        Assert.Equal(1, await inB.TotalAsync());
        Assert.Equal(11, await inB.AddAsync(10, null));
        Assert.Equal(11, await StoredAsync("state->>'total'", key));
    }

    [Fact]
    public async Task Concurrent_writers_on_two_silos_never_overwrite_each_other()
    {
        await using var other = await StorageSilo.StartAsync(silo.Database);
        var key = NewKey();

        async Task<long> AddAndCountAccepted(StorageSilo on)
        {
            var accepted = 0L;
            for (var i = 0; i < 25; i++)
            {
                try
                {
                    await on.Grains.GetGrain<ICounterGrain>(key).AddAsync(1, null);
                    accepted++;
                }
                catch (InconsistentStateException)
                {
                    // Lost the race: nothing was written; the next call reloads.
                }
            }

            return accepted;
        }

        var accepted = await Task.WhenAll(Task.Run(() => AddAndCountAccepted(silo)), Task.Run(() => AddAndCountAccepted(other)));

        Assert.Equal(accepted.Sum(), await StoredAsync("state->>'total'", key));
        Assert.Equal(accepted.Sum(), await StoredAsync("version", key));
    }

    [Fact]
    public async Task Cleared_state_keeps_its_version_so_a_stale_writer_still_fails()
    {
        await using var other = await StorageSilo.StartAsync(silo.Database);
        var key = NewKey();
        await silo.Grains.GetGrain<ICounterGrain>(key).AddAsync(3, null);
        Assert.Equal(3, await other.Grains.GetGrain<ICounterGrain>(key).TotalAsync());

        await silo.Grains.GetGrain<ICounterGrain>(key).ClearAsync();

        Assert.Equal(2, await StoredAsync("version", key));
        Assert.Null(await silo.Database.ScalarAsync<string>("select state::text from grain_state where grain_type = 'test-counter' and grain_key = $1", key));
        await Assert.ThrowsAsync<InconsistentStateException>(() => other.Grains.GetGrain<ICounterGrain>(key).AddAsync(1, null));
        Assert.Equal(1, await other.Grains.GetGrain<ICounterGrain>(key).AddAsync(1, null));
    }
}
