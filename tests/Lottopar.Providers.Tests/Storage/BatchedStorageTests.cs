using Lottopar.Providers.Abstractions;
using Lottopar.Providers.PostgreSql.Metrics;
using Lottopar.Testing;
using Xunit;

namespace Lottopar.Providers.Tests.Storage;

/// <summary>
/// Group commit and grouped reads of <see cref="PostgreSql.Storage.PostgresStateStore"/>: writes
/// waiting together commit together with their events, one write's failure (a stale version, a
/// contested key) stays its own, and reads waiting together share one query. Each test holds the
/// store's one slot busy so that what it submits meanwhile forms one batch. The class has a
/// database of its own: the grouped-read test locks a whole table.
/// </summary>
public sealed class BatchedStorageTests : IAsyncLifetime
{
    private static readonly Lazy<Task<TestDatabase>> OwnDatabase = new(() => TestDatabase.CreateAsync("batched"));

    private StateStoreUnderTest _store = null!;

    public async Task InitializeAsync() => _store = StateStoreUnderTest.On(await OwnDatabase.Value);

    public async Task DisposeAsync() => await _store.DisposeAsync();

    private static string NewKey() => Guid.NewGuid().ToString("N");

    private static List<StoredGrainId> NewGrains(int count) => [.. Enumerable.Range(0, count).Select(_ => StateStoreUnderTest.NewGrain())];

    [Fact]
    public async Task Concurrent_writes_of_many_grains_commit_together_with_their_events()
    {
        var stream = NewKey();
        var grains = NewGrains(60);

        List<Task<long?>> writes;
        StorageMetrics before;
        await using (await _store.HoldWriteSlotAsync())
        {
            before = _store.Metrics.Snapshot().Storage; // the slot's holder is counted already
            writes = [.. grains.Select(g => _store.WriteAsync(g, 25, 0, stream))];
        }

        Assert.All(await Task.WhenAll(writes), version => Assert.Equal(1, version));
        Assert.Equal(60, await _store.RowsAsync(grains, version: 1));
        Assert.Equal(60, await _store.EventsAsync(stream));
        var after = _store.Metrics.Snapshot().Storage;
        Assert.Equal((1L, 60L, 0L), (after.Batches - before.Batches, after.Writes - before.Writes, after.Fallbacks - before.Fallbacks));
    }

    [Fact]
    public async Task A_stale_write_in_a_batch_fails_alone_and_the_others_commit()
    {
        var stream = NewKey();
        var stale = StateStoreUnderTest.NewGrain();
        Assert.Equal(1, await _store.WriteAsync(stale, 1, 0, stream));
        await _store.Database.ScalarAsync<int>("update grain_state set version = version + 1 where grain_type = $1 and grain_key = $2 returning 1", stale.Type, stale.Key);
        var others = NewGrains(60);

        Task<long?> staleWrite;
        List<Task<long?>> otherWrites;
        StorageMetrics before;
        await using (await _store.HoldWriteSlotAsync())
        {
            before = _store.Metrics.Snapshot().Storage; // the slot's holder is counted already
            staleWrite = _store.WriteAsync(stale, 2, 1, stream);
            otherWrites = [.. others.Select(g => _store.WriteAsync(g, 5, 0, stream))];
        }

        Assert.Null(await staleWrite);
        Assert.All(await Task.WhenAll(otherWrites), version => Assert.Equal(1, version));
        Assert.Equal(60, await _store.RowsAsync(others, version: 1));
        Assert.Equal(1, await _store.RowsAsync([stale], version: 2));
        Assert.Equal(1, await _store.EventsAsync(stream, stale)); // its first write's event only
        Assert.Equal(61, await _store.EventsAsync(stream));
        var after = _store.Metrics.Snapshot().Storage;
        Assert.Equal((1L, 0L), (after.Batches - before.Batches, after.Fallbacks - before.Fallbacks));
    }

    [Fact]
    public async Task Updates_sharing_one_statement_are_each_versioned_on_their_own()
    {
        var stream = NewKey();
        var grains = NewGrains(40);
        Assert.All(await Task.WhenAll(grains.Select(g => _store.WriteAsync(g, 1, 0, stream))), version => Assert.Equal(1, version));
        var stale = grains[7];
        await _store.Database.ScalarAsync<int>("update grain_state set version = version + 1 where grain_type = $1 and grain_key = $2 returning 1", stale.Type, stale.Key);

        List<Task<long?>> updates;
        StorageMetrics before;
        await using (await _store.HoldWriteSlotAsync())
        {
            before = _store.Metrics.Snapshot().Storage; // the slot's holder is counted already
            updates = [.. grains.Select(g => _store.WriteAsync(g, 11, 1, stream))];
        }

        var versions = await Task.WhenAll(updates);
        Assert.Null(versions[7]);
        Assert.All(versions.Where((_, i) => i != 7), version => Assert.Equal(2, version));
        Assert.Equal(39, await _store.Database.ScalarAsync<long>(
            "select count(*) from grain_state where grain_type = $1 and grain_key = any($2) and version = 2 and (state->>'total')::bigint = 11",
            StateStoreUnderTest.GrainType, grains.Select(g => g.Key).ToArray()));
        Assert.Equal(1, await _store.EventsAsync(stream, stale));
        Assert.Equal(79, await _store.EventsAsync(stream));
        var after = _store.Metrics.Snapshot().Storage;
        Assert.Equal((1L, 0L), (after.Batches - before.Batches, after.Fallbacks - before.Fallbacks));
    }

    [Fact]
    public async Task A_contested_key_in_a_batch_refuses_only_the_loser()
    {
        var (stream, nickname) = (NewKey(), NewKey());
        var holder = StateStoreUnderTest.NewGrain();
        Assert.Equal(1, await _store.WriteAsync(holder, 1, 0, stream, nickname));
        var loser = StateStoreUnderTest.NewGrain();
        var others = NewGrains(60);

        Task<long?> losing;
        List<Task<long?>> winning;
        StorageMetrics before;
        await using (await _store.HoldWriteSlotAsync())
        {
            before = _store.Metrics.Snapshot().Storage; // the slot's holder is counted already
            losing = _store.WriteAsync(loser, 1, 0, stream, nickname);
            winning = [.. others.Select(g => _store.WriteAsync(g, 1, 0, stream, nickname: g.Key))];
        }

        var error = await Assert.ThrowsAsync<UniqueKeyConflictException>(() => losing);
        Assert.Equal(new UniqueKeyConflict("test-nickname", nickname, holder), Assert.Single(error.Conflicts));
        Assert.All(await Task.WhenAll(winning), version => Assert.Equal(1, version));
        Assert.Equal(60, await _store.Database.ScalarAsync<long>(
            "select count(*) from grain_unique_keys where scope = 'test-nickname' and value = any($1) and value = grain_key", (object)others.Select(g => g.Key).ToArray()));
        Assert.Equal(0, await _store.RowsAsync([loser], version: 1));
        Assert.Equal(0, await _store.EventsAsync(stream, loser));
        Assert.Equal(61, await _store.EventsAsync(stream));
        var after = _store.Metrics.Snapshot().Storage;
        Assert.Equal((1L, 1L), (after.Batches - before.Batches, after.Fallbacks - before.Fallbacks)); // shared a batch, which ran again write by write
    }

    [Fact]
    public async Task A_failure_late_in_a_batch_rolls_back_the_writes_before_it_and_each_runs_again_once()
    {
        var (stream, nickname) = (NewKey(), NewKey());
        Assert.Equal(1, await _store.WriteAsync(StateStoreUnderTest.NewGrain(), 1, 0, stream, nickname));
        var others = NewGrains(60);

        // The loser queues last, so the statement that fails comes after the others' in the batch.
        List<Task<long?>> winning;
        Task<long?> losing;
        StorageMetrics before;
        await using (await _store.HoldWriteSlotAsync())
        {
            before = _store.Metrics.Snapshot().Storage; // the slot's holder is counted already
            winning = [.. others.Select(g => _store.WriteAsync(g, 1, 0, stream, nickname: g.Key))];
            losing = _store.WriteAsync(StateStoreUnderTest.NewGrain(), 1, 0, stream, nickname);
        }

        await Assert.ThrowsAsync<UniqueKeyConflictException>(() => losing);
        Assert.All(await Task.WhenAll(winning), version => Assert.Equal(1, version));
        Assert.Equal(1, _store.Metrics.Snapshot().Storage.Fallbacks - before.Fallbacks);
        Assert.Equal(60, await _store.RowsAsync(others, version: 1));
        Assert.Equal(61, await _store.EventsAsync(stream)); // the rolled-back attempt left no event behind
    }

    [Fact]
    public async Task Concurrent_reads_share_one_query_and_each_gets_its_own_state()
    {
        var stream = NewKey();
        var written = Enumerable.Range(1, 30).Select(i => (Grain: StateStoreUnderTest.NewGrain(), Total: (long)i)).ToList();
        Assert.All(await Task.WhenAll(written.Select(w => _store.WriteAsync(w.Grain, w.Total, 0, stream))), version => Assert.Equal(1, version));
        // Grains never written sit between the written ones: each answer must find its own reader.
        var wanted = written.SelectMany(w => new[] { (w.Grain, Total: (long?)w.Total), (StateStoreUnderTest.NewGrain(), null) }).ToList();
        _store.Commands.Entries.Clear();

        List<Task<PostgreSql.Storage.StoredGrainState?>> reads;
        await using (await _store.HoldReadSlotAsync())
        {
            reads = [.. wanted.Select(w => _store.Store.ReadAsync(w.Item1, CancellationToken.None))];
        }

        var states = await Task.WhenAll(reads);
        Assert.Equal(
            wanted.Select(w => w.Total is { } total ? $$"""{"total": {{total}}}""" + "@1" : "none"),
            states.Select(s => s is null ? "none" : $"{s.Json}@{s.Version}"));
        var queries = _store.Commands.Entries.Select(e => e.Message).Where(m => m.StartsWith("Executing command:", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, queries.Count); // the slot's holder, then one for the 60
        Assert.Contains("with ordinality", queries[1], StringComparison.Ordinal);
    }
}
