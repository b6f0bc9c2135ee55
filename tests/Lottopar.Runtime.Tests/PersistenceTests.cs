using Lottopar.Testing;
using Lottopar.Runtime.Tests.Grains;
using Lottopar.Runtime.Tests.Infrastructure;
using Xunit;

namespace Lottopar.Runtime.Tests;

/// <summary>Grain state in PostgreSQL: durable on return, versioned, never silently overwritten.</summary>
public sealed class PersistenceTests
{
    private static string NewKey() => Guid.NewGuid().ToString("N");

    [Fact]
    public async Task WrittenStateIsInPostgreSqlWhenTheCallReturns()
    {
        var database = await TestDatabase.SharedAsync();
        await using var silo = await TestSilo.StartAsync(database);
        var key = NewKey();

        await silo.Grains.GetGrain<ICounterGrain>(key).AddAsync(42);

        var stored = await database.ScalarAsync<string>(
            "select state->>'total' from grain_state where grain_type = 'counter' and grain_key = $1", key);
        Assert.Equal("42", stored);
    }

    [Fact]
    public async Task StateIsLoadedOnActivationAfterARestart()
    {
        var database = await TestDatabase.SharedAsync();
        var key = NewKey();
        await using (var first = await TestSilo.StartAsync(database))
        {
            await first.Grains.GetGrain<ICounterGrain>(key).AddAsync(10);
            await first.Grains.GetGrain<ICounterGrain>(key).AddAsync(5);
        }

        await using var second = await TestSilo.StartAsync(database);
        var counter = second.Grains.GetGrain<ICounterGrain>(key);

        Assert.Equal(15, await counter.GetAsync());
        Assert.Equal(2, await counter.GetStoredVersionAsync());
        Assert.Contains($"activate {key} total=15", second.Services.GetProbe().Entries);
    }

    [Fact]
    public async Task ConcurrentIncrementsAreNeverLost()
    {
        await using var silo = await TestSilo.StartAsync(await TestDatabase.SharedAsync());
        var counter = silo.Grains.GetGrain<ICounterGrain>(NewKey());

        await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(() => counter.AddAsync(1))));

        Assert.Equal(200, await counter.GetAsync());
        Assert.Equal(200, await counter.GetStoredVersionAsync());
    }

    [Fact]
    public async Task StaleWriterFromAnotherSiloFailsAndReloads()
    {
        var database = await TestDatabase.SharedAsync();
        await using var siloA = await TestSilo.StartAsync(database);
        await using var siloB = await TestSilo.StartAsync(database);
        var key = NewKey();
        var inA = siloA.Grains.GetGrain<ICounterGrain>(key);
        var inB = siloB.Grains.GetGrain<ICounterGrain>(key);

        // Both silos activate the grain at version 0, then A writes first.
        Assert.Equal(0, await inA.GetAsync());
        Assert.Equal(0, await inB.GetAsync());
        Assert.Equal(1, await inA.AddAsync(1));

        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => inB.AddAsync(100));
        Assert.Contains($"counter/{key}", conflict.Message);

        // B's activation was dropped: its next call reloads A's write and builds on it.
        Assert.Equal(1, await inB.GetAsync());
        Assert.Equal(11, await inB.AddAsync(10));
        Assert.Equal(11, await database.ScalarAsync<long>(
            "select (state->>'total')::bigint from grain_state where grain_type = 'counter' and grain_key = $1", key));
        Assert.Equal(1, siloB.Metrics().GrainTypes.Single(t => t.GrainType == "counter").StorageConflicts);
        Assert.Contains($"deactivate {key} StateConflict", siloB.Services.GetProbe().Entries);
    }

    [Fact]
    public async Task ConcurrentWritersOnTwoSilosNeverOverwriteEachOther()
    {
        var database = await TestDatabase.SharedAsync();
        await using var siloA = await TestSilo.StartAsync(database);
        await using var siloB = await TestSilo.StartAsync(database);
        var key = NewKey();

        async Task<long> AddUntilAccepted(TestSilo silo)
        {
            var accepted = 0L;
            for (var i = 0; i < 25; i++)
            {
                try
                {
                    await silo.Grains.GetGrain<ICounterGrain>(key).AddAsync(1);
                    accepted++;
                }
                catch (InconsistentStateException)
                {
                    // Lost the race: nothing was written; the next call reloads.
                }
            }

            return accepted;
        }

        var accepted = await Task.WhenAll(Task.Run(() => AddUntilAccepted(siloA)), Task.Run(() => AddUntilAccepted(siloB)));

        var stored = await database.ScalarAsync<long>(
            "select (state->>'total')::bigint from grain_state where grain_type = 'counter' and grain_key = $1", key);
        Assert.Equal(accepted.Sum(), stored);
        Assert.Equal(accepted.Sum(), await database.ScalarAsync<long>(
            "select version from grain_state where grain_type = 'counter' and grain_key = $1", key));
    }

    [Fact]
    public async Task ClearedStateKeepsItsVersionSoAStaleWriterStillFails()
    {
        var database = await TestDatabase.SharedAsync();
        await using var siloA = await TestSilo.StartAsync(database);
        await using var siloB = await TestSilo.StartAsync(database);
        var key = NewKey();
        await siloA.Grains.GetGrain<ICounterGrain>(key).AddAsync(3);
        Assert.Equal(3, await siloB.Grains.GetGrain<ICounterGrain>(key).GetAsync());

        await siloA.Grains.GetGrain<ICounterGrain>(key).ResetAsync();

        Assert.Equal(2, await database.ScalarAsync<long>("select version from grain_state where grain_type = 'counter' and grain_key = $1", key));
        Assert.Null(await database.ScalarAsync<string>("select state::text from grain_state where grain_type = 'counter' and grain_key = $1", key));
        await Assert.ThrowsAsync<InconsistentStateException>(() => siloB.Grains.GetGrain<ICounterGrain>(key).AddAsync(1));
        Assert.Equal(1, await siloB.Grains.GetGrain<ICounterGrain>(key).AddAsync(1));
    }
}
