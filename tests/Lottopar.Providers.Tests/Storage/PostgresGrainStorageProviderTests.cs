using Lottopar.Providers.Abstractions;
using Microsoft.Extensions.DependencyInjection;
using UniqueKeyConflictException = Lottopar.Providers.Abstractions.UniqueKeyConflictException;
using Orleans.Storage;
using Xunit;
using OrleansGrainId = Orleans.Runtime.GrainId;

namespace Lottopar.Providers.Tests.Storage;

/// <summary>
/// Our grain storage under Orleans: the version check, the outbox and unique keys committed with
/// the state, keys stored as given, group commit of concurrent writes.
/// </summary>
public sealed class PostgresGrainStorageProviderTests(StorageSilo silo) : IClassFixture<StorageSilo>
{
    private const string State = GrainStorageNames.State;

    [Fact]
    public async Task A_grain_writes_through_Orleans_and_a_new_activation_reads_it_back()
    {
        var key = UniqueId();
        var grain = silo.Grains.GetGrain<ICounterGrain>(key);
        Assert.Equal(5, await grain.AddAsync(5, null));
        Assert.Equal(12, await grain.AddAsync(7, null));
        Assert.Equal("2", await grain.ETagAsync());

        var stored = await silo.Database.ScalarAsync<string>(
            "select state->>'total' from grain_state where grain_type = 'test-counter' and grain_key = $1", key);
        Assert.Equal("12", stored);

        await grain.Cast<Orleans.Core.Internal.IGrainManagementExtension>().DeactivateOnIdle();
        Assert.Equal(12, await grain.TotalAsync());
        Assert.Equal("2", await grain.ETagAsync());
    }

    [Fact]
    public async Task A_key_of_digits_is_stored_as_given_not_as_a_number()
    {
        const string digits = "01234567890"; // a CPF's shape: the stock provider would store it as a number
        await silo.Grains.GetGrain<ICounterGrain>(digits).AddAsync(1, null);
        Assert.Equal(1L, await silo.Database.ScalarAsync<long>(
            "select count(*) from grain_state where grain_type = 'test-counter' and grain_key = $1", digits));
    }

    [Fact]
    public async Task A_write_from_a_stale_version_fails_loudly_and_writes_nothing()
    {
        var grain = GrainIdOf(UniqueId());
        var first = await ReadAsync(grain);
        var second = await ReadAsync(grain);
        first.State!.Total = 1;
        first.State!.Outbox.Publish(new("test-counter", KeyOf(grain)), "Added", new Added(1, 1), DateTimeOffset.UtcNow);
        await silo.Provider.WriteStateAsync(State, grain, first);

        second.State!.Total = 99;
        second.State!.Outbox.Publish(new("test-counter", KeyOf(grain)), "Added", new Added(99, 99), DateTimeOffset.UtcNow);
        await Assert.ThrowsAsync<InconsistentStateException>(() => silo.Provider.WriteStateAsync(State, grain, second));

        var reread = await ReadAsync(grain);
        Assert.Equal((1L, "1"), (reread.State!.Total, reread.ETag));
        Assert.Equal(["{\"total\": 1, \"amount\": 1}"], await EventsOfAsync(grain));
    }

    [Fact]
    public async Task The_outbox_commits_with_the_state_in_publishing_order_and_is_emptied()
    {
        var grain = GrainIdOf(UniqueId());
        var state = await ReadAsync(grain);
        state.State!.Total = 3;
        for (var i = 1; i <= 3; i++)
        {
            state.State!.Outbox.Publish(new("test-counter", KeyOf(grain)), "Added", new Added(1, i), DateTimeOffset.UtcNow);
        }

        await silo.Provider.WriteStateAsync(State, grain, state);

        Assert.Empty(state.State!.Outbox.Pending);
        Assert.Equal(
            ["{\"total\": 1, \"amount\": 1}", "{\"total\": 2, \"amount\": 1}", "{\"total\": 3, \"amount\": 1}"],
            await EventsOfAsync(grain));
        Assert.Equal("Added", await silo.Database.ScalarAsync<string>(
            "select distinct event_type from stream_events where publisher_type = 'test-counter' and publisher_key = $1", KeyOf(grain)));
    }

    [Fact]
    public async Task A_unique_key_another_grain_holds_fails_the_write_and_nothing_of_it_commits()
    {
        var nickname = UniqueId();
        await silo.Grains.GetGrain<ICounterGrain>(UniqueId()).AddAsync(1, nickname);

        var loser = GrainIdOf(UniqueId());
        var state = await ReadAsync(loser);
        state.State!.Nickname = nickname;
        state.State!.Outbox.Publish(new("test-counter", KeyOf(loser)), "Added", new Added(1, 1), DateTimeOffset.UtcNow);
        await Assert.ThrowsAsync<UniqueKeyConflictException>(() => silo.Provider.WriteStateAsync(State, loser, state));

        Assert.Null((await ReadAsync(loser)).ETag);
        Assert.Empty(await EventsOfAsync(loser));
    }

    [Fact]
    public async Task Clearing_keeps_the_version_growing_and_releases_the_unique_keys()
    {
        var nickname = UniqueId();
        var grain = silo.Grains.GetGrain<ICounterGrain>(UniqueId());
        await grain.AddAsync(1, nickname);
        await grain.ClearAsync();
        Assert.Equal("2", await grain.ETagAsync());
        Assert.Equal(0, await grain.TotalAsync());

        // The key is free again: another grain may take it.
        Assert.Equal(1, await silo.Grains.GetGrain<ICounterGrain>(UniqueId()).AddAsync(1, nickname));
    }

    [Fact]
    public async Task Concurrent_writes_of_different_grains_share_commits()
    {
        var before = await silo.Database.ScalarAsync<long>("select xact_commit from pg_stat_database where datname = current_database()");
        var grains = Enumerable.Range(0, 64).Select(_ => silo.Grains.GetGrain<ICounterGrain>(UniqueId())).ToList();
        for (var round = 0; round < 5; round++)
        {
            await Task.WhenAll(grains.Select(g => g.AddAsync(1, null)));
        }

        foreach (var grain in grains)
        {
            Assert.Equal(5, await grain.TotalAsync());
        }

        // 320 writes; grouped, they need far fewer transactions (the reads and stats queries add a few).
        var after = await silo.Database.ScalarAsync<long>("select xact_commit from pg_stat_database where datname = current_database()");
        Assert.True(after - before < 320, $"{after - before} commits for 320 writes");
    }

    private static string UniqueId() => Guid.NewGuid().ToString("N");

    private static string KeyOf(OrleansGrainId grain) => grain.Key.ToString() ?? throw new InvalidOperationException("no key");

    private static OrleansGrainId GrainIdOf(string key) => OrleansGrainId.Create("test-counter", key);

    private async Task<GrainState<CounterState>> ReadAsync(OrleansGrainId grain)
    {
        var state = new GrainState<CounterState>();
        await silo.Provider.ReadStateAsync(State, grain, state);
        return state;
    }

    private async Task<List<string>> EventsOfAsync(OrleansGrainId grain)
    {
        var events = new List<string>();
        await using var command = silo.Database.DataSource.CreateCommand(
            "select payload::text from stream_events where publisher_type = 'test-counter' and publisher_key = $1 order by id");
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = KeyOf(grain) });
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            events.Add(reader.GetString(0));
        }

        return events;
    }
}
