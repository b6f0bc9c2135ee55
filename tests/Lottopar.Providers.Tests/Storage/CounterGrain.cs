using Lottopar.Providers.Abstractions;
using System.Text.Json.Serialization;
using UniqueKey = Lottopar.Providers.Abstractions.UniqueKey;
using StreamId = Lottopar.Providers.Abstractions.StreamId;

namespace Lottopar.Providers.Tests.Storage;

public interface ICounterGrain : IGrainWithStringKey
{
    /// <summary>Adds to the total, publishes one "Added" event per call and writes.</summary>
    Task<long> AddAsync(long amount, string? nickname);

    Task<long> TotalAsync();

    Task<string?> ETagAsync();

    Task ClearAsync();

    /// <summary>Adds in memory, then fails before writing.</summary>
    Task AddThenFailAsync(long amount);

    /// <summary>Refuses, as a domain rule does, before any change.</summary>
    Task RefuseAsync();

    /// <summary>An id drawn when this activation was created.</summary>
    Task<Guid> ActivationIdAsync();
}

/// <summary>A refusal as the domain throws it: nothing changed, the activation may stay.</summary>
public sealed class TestRefusalException() : Exception("refused"), Lottopar.Providers.Abstractions.IGrainRefusal;

/// <summary>A test state: a total, an optional nickname held as a unique key, an outbox.</summary>
public sealed class CounterState : IHasOutbox, IHoldsUniqueKeys
{
    public long Total { get; set; }

    public string? Nickname { get; set; }

    [JsonIgnore]
    public GrainOutbox Outbox { get; } = new();

    [JsonIgnore]
    public IReadOnlyCollection<UniqueKey> UniqueKeys => Nickname is null ? [] : [new UniqueKey("test-nickname", Nickname)];
}

public sealed record Added(long Amount, long Total);

[GrainType("test-counter")]
public sealed class CounterGrain(
    [PersistentState(GrainStorageNames.State, GrainStorageNames.Storage)] IPersistentState<CounterState> counter)
    : Grain, ICounterGrain
{
    public async Task<long> AddAsync(long amount, string? nickname)
    {
        counter.State.Total += amount;
        counter.State.Nickname = nickname ?? counter.State.Nickname;
        counter.State.Outbox.Publish(new StreamId("test-counter", this.GetPrimaryKeyString()), "Added", new Added(amount, counter.State.Total), DateTimeOffset.UtcNow);
        await counter.WriteStateAsync();
        return counter.State.Total;
    }

    public Task<long> TotalAsync() => Task.FromResult(counter.State.Total);

    public Task<string?> ETagAsync() => Task.FromResult(counter.Etag);

    public Task ClearAsync() => counter.ClearStateAsync();

    public Task AddThenFailAsync(long amount)
    {
        counter.State.Total += amount;
        throw new InvalidOperationException("failed after a change in memory");
    }

    public Task RefuseAsync() => throw new TestRefusalException();

    public Task<Guid> ActivationIdAsync() => Task.FromResult(_activation);

    private readonly Guid _activation = Guid.NewGuid();
}
