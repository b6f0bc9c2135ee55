using Lottopar.Providers.Abstractions;
using Orleans;
using Orleans.Runtime;

namespace Lottopar.Benchmarks;

/// <summary>The orleans-writes benchmark's grain: one small state, written on every call.</summary>
public interface ICounterGrain : IGrainWithStringKey
{
    /// <summary>Adds one to the total and writes the state.</summary>
    Task AddAsync();

    Task<long> TotalAsync();

    /// <summary>Deactivates the grain once this call ends, so that the next call reads the stored state.</summary>
    Task DeactivateAsync();
}

// The stock provider's JSON names the state's type in the payload and reads back only types
// Orleans knows: a generated serializer makes it known.
[GenerateSerializer]
public sealed class CounterState
{
    [Id(0)]
    public long Total { get; set; }

    [Id(1)]
    public string Note { get; set; } = "";
}

// The logic both storages run; the subclasses differ only in where the state lives.
public abstract class CounterGrain(IPersistentState<CounterState> counter) : Grain, ICounterGrain
{
    public Task AddAsync()
    {
        counter.State.Total++;
        counter.State.Note = "benchmark";
        return counter.WriteStateAsync();
    }

    public Task<long> TotalAsync() => Task.FromResult(counter.State.Total);

    public Task DeactivateAsync()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}

// The state in grain_state through our provider (group commit).
[GrainType(TypeName)]
public sealed class OursCounterGrain(
    [PersistentState(GrainStorageNames.State, GrainStorageNames.Storage)] IPersistentState<CounterState> counter)
    : CounterGrain(counter)
{
    public const string TypeName = "bench-ours-counter";
}

// The state in OrleansStorage through Orleans' ADO.NET provider, which keys rows by state name:
// the name is this grain type's own.
[GrainType(TypeName)]
public sealed class StockCounterGrain(
    [PersistentState(StockCounterGrain.TypeName, OrleansWriteBenchmark.StockStorageName)] IPersistentState<CounterState> counter)
    : CounterGrain(counter)
{
    public const string TypeName = "bench-stock-counter";
}
