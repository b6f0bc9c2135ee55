using Lottopar.Providers.Tests.Storage;
using Lottopar.Testing;
using Orleans.Storage;
using Xunit;
using static Lottopar.Providers.Tests.Streams.StreamLogQueries;

namespace Lottopar.Providers.Tests.Streams;

/// <summary>Archives: a namespace's events written to a domain table in the same statement as the state.</summary>
public sealed class StreamArchiveTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private string _table = null!;
    private string _namespace = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.SharedAsync();
        _table = $"archive_{NewKey()}";
        _namespace = NewKey();
        await using var create = _database.DataSource.CreateCommand(
            $"create table {_table} (stream_event_id bigint primary key, account text not null, amount bigint not null, published_at timestamptz not null)");
        await create.ExecuteNonQueryAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private Task<StorageSilo> StartSiloAsync() => StorageSilo.StartAsync(_database, p => p.AddStreamArchive(_namespace, $"""
        insert into {_table} (stream_event_id, account, amount, published_at)
        select id, payload->>'account', (payload->>'amount')::bigint, published_at from published where stream_namespace = '{_namespace}'
        """));

    private Task<long> ArchivedAsync() => _database.ScalarAsync<long>($"select count(*) from {_table}");

    [Fact]
    public async Task An_archived_event_commits_in_the_same_transaction_as_the_state()
    {
        await using var silo = await StartSiloAsync();
        var teller = NewKey();

        await silo.Grains.GetGrain<ITellerGrain>(teller).DepositAsync(_namespace, "s", 70);

        Assert.Equal(70, await _database.ScalarAsync<long>($"select amount from {_table} where account = $1", teller));
        Assert.True(await _database.ScalarAsync<bool>($"""
            select (select xmin::text::bigint from grain_state where grain_type = $1 and grain_key = $2)
                 = (select xmin::text::bigint from {_table} where account = $2)
            """, TellerGrain.GrainTypeName, teller));
        Assert.Equal(await _database.ScalarAsync<long>("select id from stream_events where stream_namespace = $1", _namespace),
            await _database.ScalarAsync<long>($"select stream_event_id from {_table}"));
    }

    [Fact]
    public async Task A_losing_write_archives_nothing()
    {
        await using var siloA = await StartSiloAsync();
        await using var siloB = await StartSiloAsync();
        var teller = NewKey();
        await siloA.Grains.GetGrain<ITellerGrain>(teller).GetBalanceAsync();
        await siloB.Grains.GetGrain<ITellerGrain>(teller).GetBalanceAsync();
        await siloA.Grains.GetGrain<ITellerGrain>(teller).DepositAsync(_namespace, "s", 1);

        await Assert.ThrowsAsync<InconsistentStateException>(() => siloB.Grains.GetGrain<ITellerGrain>(teller).DepositAsync(_namespace, "s", 1000));

        Assert.Equal(0, await _database.ScalarAsync<long>($"select count(*) from {_table} where amount = 1000"));
        Assert.Equal(1, await ArchivedAsync());
    }

    [Fact]
    public async Task Events_appended_without_a_state_write_are_archived_too()
    {
        await using var silo = await StartSiloAsync();

        await silo.Grains.GetGrain<ITellerGrain>(NewKey()).AppendOnlyAsync(_namespace, "s", 5);

        Assert.Equal(1, await ArchivedAsync());
    }

    [Fact]
    public async Task Other_namespaces_are_not_archived()
    {
        await using var silo = await StartSiloAsync();

        await silo.Grains.GetGrain<ITellerGrain>(NewKey()).DepositAsync(NewKey(), "s", 9);

        Assert.Equal(0, await ArchivedAsync());
    }
}
