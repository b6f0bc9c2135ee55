using Lottopar.Testing;
using Lottopar.Runtime.Tests.Grains;
using Lottopar.Runtime.Tests.Infrastructure;
using Xunit;

namespace Lottopar.Runtime.Tests;

/// <summary>Archives: a namespace's events written to a domain table in the same statement as the state.</summary>
public sealed class StreamArchiveTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private string _table = null!;
    private string _namespace = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.SharedAsync();
        _table = $"archive_{Guid.NewGuid():N}";
        _namespace = Guid.NewGuid().ToString("N");
        await using var create = _database.DataSource.CreateCommand(
            $"create table {_table} (stream_event_id bigint primary key, account text not null, amount bigint not null, published_at timestamptz not null)");
        await create.ExecuteNonQueryAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private Task<TestSilo> StartSiloAsync() => TestSilo.StartAsync(_database, r => r.AddStreamArchive(_namespace, $"""
        insert into {_table} (stream_event_id, account, amount, published_at)
        select id, payload->>'account', (payload->>'amount')::bigint, published_at from published where stream_namespace = '{_namespace}'
        """));

    private Task<long> ArchivedAsync() => _database.ScalarAsync<long>($"select count(*) from {_table}");

    [Fact]
    public async Task ArchivedEventCommitsInTheSameTransactionAsTheState()
    {
        await using var silo = await StartSiloAsync();
        var account = Guid.NewGuid().ToString("N");

        await silo.Grains.GetGrain<IAccountGrain>(account).DepositAsync(_namespace, "s", 70);

        Assert.Equal(70, await _database.ScalarAsync<long>($"select amount from {_table} where account = $1", account));
        Assert.True(await _database.ScalarAsync<bool>($"""
            select (select xmin::text::bigint from grain_state where grain_type = 'account' and grain_key = $1)
                 = (select xmin::text::bigint from {_table} where account = $1)
            """, account));
        Assert.Equal(await _database.ScalarAsync<long>("select id from stream_events where stream_namespace = $1", _namespace),
            await _database.ScalarAsync<long>($"select stream_event_id from {_table}"));
    }

    [Fact]
    public async Task LosingWriteArchivesNothing()
    {
        await using var siloA = await StartSiloAsync();
        await using var siloB = await StartSiloAsync();
        var account = Guid.NewGuid().ToString("N");
        await siloA.Grains.GetGrain<IAccountGrain>(account).GetBalanceAsync();
        await siloB.Grains.GetGrain<IAccountGrain>(account).GetBalanceAsync();
        await siloA.Grains.GetGrain<IAccountGrain>(account).DepositAsync(_namespace, "s", 1);

        await Assert.ThrowsAsync<InconsistentStateException>(() => siloB.Grains.GetGrain<IAccountGrain>(account).DepositAsync(_namespace, "s", 1000));

        Assert.Equal(0, await _database.ScalarAsync<long>($"select count(*) from {_table} where amount = 1000"));
    }

    [Fact]
    public async Task EventsWithoutAStateWriteAreArchivedToo()
    {
        await using var silo = await StartSiloAsync();
        var before = await ArchivedAsync();

        await silo.Grains.GetGrain<IAccountGrain>(Guid.NewGuid().ToString("N")).PublishOnlyAsync(_namespace, "s", 5);

        Assert.Equal(before + 1, await ArchivedAsync());
    }

    [Fact]
    public async Task OtherNamespacesAreNotArchived()
    {
        await using var silo = await StartSiloAsync();
        var before = await ArchivedAsync();

        await silo.Grains.GetGrain<IAccountGrain>(Guid.NewGuid().ToString("N")).DepositAsync(Guid.NewGuid().ToString("N"), "s", 9);

        Assert.Equal(before, await ArchivedAsync());
    }
}
