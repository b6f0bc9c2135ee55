using System.Text.Json;
using Lottopar.Runtime.Streams;
using Lottopar.Runtime.Tests.Infrastructure;

namespace Lottopar.Runtime.Tests.Grains;

public interface ILedgerGrain : IGrainWithStringKey
{
    /// <summary>Adds an entry, publishes it on the "ledger" stream and writes the state.</summary>
    Task<long> PostAsync(long amount, JsonElement note);

    /// <summary>Changes the state in memory, then fails before writing it.</summary>
    Task ChangeThenFailAsync(long amount);

    /// <summary>Refuses, changing nothing.</summary>
    Task RefuseAsync();

    Task<LedgerView> GetAsync();
}

public sealed record LedgerView(long Total, int Entries);

public sealed record LedgerEntry(long Amount, JsonElement Note);

public sealed class LedgerState
{
    public long Total { get; set; }

    public List<LedgerEntry> Entries { get; set; } = [];
}

/// <summary>A refusal: thrown before anything changes.</summary>
public sealed class LedgerRefusalException() : InvalidOperationException("Refused on purpose."), IGrainRefusal;

/// <summary>A grain that changes its state before the steps that can fail, as domain grains do.</summary>
public sealed class LedgerGrain(ProbeLog probe) : Grain<LedgerState>, ILedgerGrain
{
    public const string StreamNamespace = "ledger";

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        probe.Add($"activate ledger/{GetPrimaryKeyString()}");
        return Task.CompletedTask;
    }

    public async Task<long> PostAsync(long amount, JsonElement note)
    {
        var entry = new LedgerEntry(amount, note);
        State.Total += amount;
        State.Entries.Add(entry);
        await GetStream<LedgerEntry>(new StreamId(StreamNamespace, GetPrimaryKeyString())).OnNextAsync(entry);
        await WriteStateAsync();
        return State.Total;
    }

    public Task ChangeThenFailAsync(long amount)
    {
        State.Total += amount;
        throw new InvalidOperationException("Failed after a change in memory.");
    }

    public Task RefuseAsync() => throw new LedgerRefusalException();

    public Task<LedgerView> GetAsync() => Task.FromResult(new LedgerView(State.Total, State.Entries.Count));
}
