using Lottopar.Testing;
using Lottopar.Runtime.Tests.Grains;
using Lottopar.Runtime.Tests.Infrastructure;
using Xunit;

namespace Lottopar.Runtime.Tests;

/// <summary>
/// Group commit and grouped reads in PostgreSQL: concurrent writes of many grains share
/// transactions, one write's failure (a stale version, a contested key) stays its own, and
/// concurrent activations read their states in shared queries. One slot each makes requests batch.
/// </summary>
public sealed class BatchedStorageTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private TestSilo _silo = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.SharedAsync();
        _silo = await TestSilo.StartAsync(_database, options: o => (o.StorageWriteConcurrency, o.StorageReadConcurrency) = (1, 1));
    }

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    private static string NewKey() => Guid.NewGuid().ToString("N");

    [Fact]
    public async Task ConcurrentWritesOfManyGrainsCommitTogetherWithTheirEvents()
    {
        var stream = NewKey();
        var accounts = Enumerable.Range(0, 60).Select(_ => NewKey()).ToList();
        var before = _silo.Metrics().Storage;

        var balances = await Task.WhenAll(accounts.Select(a => _silo.Grains.GetGrain<IAccountGrain>(a).DepositAsync(stream, a, 25)));

        Assert.All(balances, b => Assert.Equal(25, b));
        Assert.Equal(60, await _database.ScalarAsync<long>(
            "select count(*) from grain_state where grain_type = 'account' and grain_key = any($1) and version = 1 and (state->>'balance')::bigint = 25",
            (object)accounts.ToArray()));
        Assert.Equal(60, await _database.ScalarAsync<long>("select count(distinct stream_key) from stream_events where stream_namespace = $1", stream));
        var after = _silo.Metrics().Storage;
        Assert.Equal(60, after.Writes - before.Writes);
        Assert.True(after.Batches - before.Batches < 60, $"60 writes went in {after.Batches - before.Batches} batches: none were shared.");
        Assert.Equal(0, after.Fallbacks - before.Fallbacks);
    }

    [Fact]
    public async Task StaleWriteInABatchFailsAloneAndTheOthersCommit()
    {
        var stream = NewKey();
        var stale = NewKey();
        var staleAccount = _silo.Grains.GetGrain<IAccountGrain>(stale);
        await staleAccount.DepositAsync(stream, stale, 1);
        await _database.ScalarAsync<int>("update grain_state set version = version + 1 where grain_type = 'account' and grain_key = $1 returning 1", stale);
        var others = Enumerable.Range(0, 60).Select(_ => NewKey()).ToList();

        var staleWrite = staleAccount.DepositAsync(stream, stale, 1);
        var otherWrites = others.Select(a => _silo.Grains.GetGrain<IAccountGrain>(a).DepositAsync(stream, a, 5)).ToList();

        await Assert.ThrowsAsync<InconsistentStateException>(() => staleWrite);
        Assert.All(await Task.WhenAll(otherWrites), b => Assert.Equal(5, b));
        Assert.Equal(60, await _database.ScalarAsync<long>(
            "select count(*) from grain_state where grain_type = 'account' and grain_key = any($1) and version = 1", (object)others.ToArray()));
        Assert.Equal(1, await _database.ScalarAsync<long>("select count(*) from stream_events where stream_namespace = $1 and stream_key = $2", stream, stale));
    }

    [Fact]
    public async Task UpdatesSharingOneStatementAreEachVersionedOnTheirOwn()
    {
        var stream = NewKey();
        var accounts = Enumerable.Range(0, 40).Select(_ => NewKey()).ToList();
        await Task.WhenAll(accounts.Select(a => _silo.Grains.GetGrain<IAccountGrain>(a).DepositAsync(stream, a, 1)));
        var stale = accounts[7];
        await _database.ScalarAsync<int>("update grain_state set version = version + 1 where grain_type = 'account' and grain_key = $1 returning 1", stale);
        var before = _silo.Metrics().Storage;

        var second = accounts.Select(a => _silo.Grains.GetGrain<IAccountGrain>(a).DepositAsync(stream, a, 10)).ToList();

        await Assert.ThrowsAsync<InconsistentStateException>(() => second[7]);
        Assert.All(await Task.WhenAll(second.Where((_, i) => i != 7)), b => Assert.Equal(11, b));
        Assert.Equal(39, await _database.ScalarAsync<long>(
            "select count(*) from grain_state where grain_type = 'account' and grain_key = any($1) and version = 2 and (state->>'balance')::bigint = 11",
            (object)accounts.ToArray()));
        Assert.Equal(79, await _database.ScalarAsync<long>("select count(*) from stream_events where stream_namespace = $1", stream));
        var after = _silo.Metrics().Storage;
        Assert.True(after.Batches - before.Batches < 40, "no write was shared");
        Assert.Equal(0, after.Fallbacks - before.Fallbacks);
    }

    [Fact]
    public async Task ContestedKeyInABatchRefusesOnlyTheLoser()
    {
        var (holder, loser, taxId, notes) = (NewKey(), NewKey(), NewKey(), NewKey());
        await _silo.Grains.GetGrain<IRegistrantGrain>(holder).RegisterAsync(taxId, $"{holder}@example.com", notes);
        var others = Enumerable.Range(0, 60).Select(_ => NewKey()).ToList();

        var losing = _silo.Grains.GetGrain<IRegistrantGrain>(loser).RegisterAsync(taxId, $"{loser}@example.com", notes);
        var winning = others.Select(o => _silo.Grains.GetGrain<IRegistrantGrain>(o).RegisterAsync(o, $"{o}@example.com", notes)).ToList();

        var error = await Assert.ThrowsAsync<UniqueKeyConflictException>(() => losing);
        Assert.Equal(new GrainId("registrant", holder), Assert.Single(error.Conflicts).HeldBy);
        await Task.WhenAll(winning);
        Assert.Equal(60, await _database.ScalarAsync<long>("select count(*) from grain_unique_keys where scope = 'tax_id' and value = any($1)", (object)others.ToArray()));
        Assert.Equal(0, await _database.ScalarAsync<long>("select count(*) from grain_state where grain_type = 'registrant' and grain_key = $1", loser));
        Assert.Equal(61, await _database.ScalarAsync<long>("select count(*) from stream_events where stream_namespace = $1", notes));
    }

    [Fact]
    public async Task AFailureLateInABatchRollsBackTheWritesBeforeIt()
    {
        var (holder, loser, taxId, notes) = (NewKey(), NewKey(), NewKey(), NewKey());
        await _silo.Grains.GetGrain<IRegistrantGrain>(holder).RegisterAsync(taxId, $"{holder}@example.com", notes);
        var others = Enumerable.Range(0, 60).Select(_ => NewKey()).ToList();
        var before = _silo.Metrics().Storage;

        // The loser queues last, so the statements that fail come after the others' in the batch.
        var winning = others.Select(o => _silo.Grains.GetGrain<IRegistrantGrain>(o).RegisterAsync(o, $"{o}@example.com", notes)).ToList();
        var losing = _silo.Grains.GetGrain<IRegistrantGrain>(loser).RegisterAsync(taxId, $"{loser}@example.com", notes);

        await Assert.ThrowsAsync<UniqueKeyConflictException>(() => losing);
        await Task.WhenAll(winning);
        Assert.True(_silo.Metrics().Storage.Fallbacks > before.Fallbacks, "the loser never shared a batch with the others");
        Assert.Equal(60, await _database.ScalarAsync<long>(
            "select count(*) from grain_state where grain_type = 'registrant' and grain_key = any($1) and version = 1", (object)others.ToArray()));
        Assert.Equal(61, await _database.ScalarAsync<long>("select count(*) from stream_events where stream_namespace = $1", notes));
    }

    [Fact]
    public async Task ConcurrentActivationsReadTheirOwnStatesInSharedQueries()
    {
        var stream = NewKey();
        var written = Enumerable.Range(1, 40).Select(i => (Key: NewKey(), Amount: (long)i)).ToList();
        await Task.WhenAll(written.Select(w => _silo.Grains.GetGrain<IAccountGrain>(w.Key).DepositAsync(stream, w.Key, w.Amount)));
        var never = Enumerable.Range(0, 20).Select(_ => NewKey()).ToList();
        await using var fresh = await TestSilo.StartAsync(_database, options: o => o.StorageReadConcurrency = 1);

        var balances = await Task.WhenAll(written.Select(w => w.Key).Concat(never).Select(k => fresh.Grains.GetGrain<IAccountGrain>(k).GetBalanceAsync()));

        Assert.Equal(written.Select(w => w.Amount).Concat(never.Select(_ => 0L)), balances);
    }
}
