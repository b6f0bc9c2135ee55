using System.Text.Json;
using Lottopar.Runtime.Tests.Grains;
using Lottopar.Runtime.Tests.Infrastructure;
using Lottopar.Testing;
using Npgsql;
using Xunit;

namespace Lottopar.Runtime.Tests;

/// <summary>
/// A call that fails leaves the activation as if it never happened: whatever it changed in memory
/// and did not store is forgotten, however it failed. A refusal changes nothing and keeps the activation.
/// </summary>
public sealed class FailedCallTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private TestSilo _silo = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.SharedAsync();
        _silo = await TestSilo.StartAsync(_database);
    }

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    private static JsonElement Note(string json) => JsonDocument.Parse(json).RootElement.Clone();

    private static readonly JsonElement PlainNote = Note("""{"c":"ok"}""");

    [Fact]
    public async Task AChangeInMemoryFollowedByAnExceptionIsForgotten()
    {
        var ledger = _silo.Grains.GetGrain<ILedgerGrain>(Guid.NewGuid().ToString("N"));
        await ledger.PostAsync(5, PlainNote);

        await Assert.ThrowsAsync<InvalidOperationException>(() => ledger.ChangeThenFailAsync(7));

        Assert.Equal(new LedgerView(5, 1), await ledger.GetAsync());
    }

    [Fact]
    public async Task AnEventThatCannotBeSerialisedLeavesNoTraceOfItsCall()
    {
        var key = Guid.NewGuid().ToString("N");
        var ledger = _silo.Grains.GetGrain<ILedgerGrain>(key);
        await ledger.PostAsync(5, PlainNote);

        // A lone UTF-16 surrogate parses as JSON but cannot be written back out: the publish throws
        // after the grain has added the entry to its state.
        await Assert.ThrowsAnyAsync<JsonException>(() => ledger.PostAsync(7, Note("""{"c":"\ud800"}""")));

        Assert.Equal(new LedgerView(5, 1), await ledger.GetAsync());
        Assert.Equal(1, await CountEventsAsync(key));
        Assert.Equal(12, await ledger.PostAsync(7, PlainNote));
        Assert.Equal(2, await CountEventsAsync(key));
    }

    [Fact]
    public async Task AStateThatCannotBeSerialisedLeavesNoTraceOfItsCall()
    {
        var key = Guid.NewGuid().ToString("N");
        var ledger = _silo.Grains.GetGrain<ILedgerGrain>(key);
        await ledger.PostAsync(5, PlainNote);
        _silo.Faults.FailNextSerialisation<LedgerState>();

        await Assert.ThrowsAsync<InjectedFaultException>(() => ledger.PostAsync(7, PlainNote));

        Assert.Equal(new LedgerView(5, 1), await ledger.GetAsync());
        Assert.Equal(1, await CountEventsAsync(key));
    }

    [Fact]
    public async Task AWriteThatFailsLeavesNoTraceOfItsCall()
    {
        var key = Guid.NewGuid().ToString("N");
        var ledger = _silo.Grains.GetGrain<ILedgerGrain>(key);
        await ledger.PostAsync(5, PlainNote);
        _silo.Faults.FailNextWrite("ledger");

        await Assert.ThrowsAsync<InjectedFaultException>(() => ledger.PostAsync(7, PlainNote));

        Assert.Equal(new LedgerView(5, 1), await ledger.GetAsync());
        Assert.Equal(1, await CountEventsAsync(key));
    }

    [Fact]
    public async Task ARefusalKeepsTheActivation()
    {
        var key = Guid.NewGuid().ToString("N");
        var ledger = _silo.Grains.GetGrain<ILedgerGrain>(key);
        await ledger.PostAsync(5, PlainNote);

        await Assert.ThrowsAsync<LedgerRefusalException>(ledger.RefuseAsync);

        Assert.Equal(new LedgerView(5, 1), await ledger.GetAsync());
        Assert.Equal(1, _silo.Services.GetProbe().Count($"activate ledger/{key}"));
    }

    [Fact]
    public async Task AnyOtherFailureReplacesTheActivation()
    {
        var key = Guid.NewGuid().ToString("N");
        var ledger = _silo.Grains.GetGrain<ILedgerGrain>(key);
        await ledger.PostAsync(5, PlainNote);

        await Assert.ThrowsAsync<InvalidOperationException>(() => ledger.ChangeThenFailAsync(1));
        await ledger.GetAsync();

        Assert.Equal(2, _silo.Services.GetProbe().Count($"activate ledger/{key}"));
    }

    private async Task<long> CountEventsAsync(string key)
    {
        await using var command = _database.DataSource.CreateCommand(
            "select count(*) from stream_events where stream_namespace = $1 and stream_key = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = LedgerGrain.StreamNamespace });
        command.Parameters.Add(new NpgsqlParameter { Value = key });
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
