using System.Text.Json.Serialization;
using Lottopar.Providers.Abstractions;
using StreamId = Lottopar.Providers.Abstractions.StreamId;

namespace Lottopar.Providers.Tests.Streams;

/// <summary>What the teller grains publish.</summary>
public sealed record Deposited(string Account, long Sequence, long Amount);

public interface ITellerGrain : IGrainWithStringKey
{
    /// <summary>Adds to the balance and publishes an event to the stream (namespace, key), in one commit.</summary>
    Task<long> DepositAsync(string streamNamespace, string streamKey, long amount);

    /// <summary>Appends an event through <see cref="IStreamEventLog"/>, without writing state: committed when the call returns.</summary>
    Task AppendOnlyAsync(string streamNamespace, string streamKey, long amount);

    /// <summary>Publishes to the outbox, then throws before any write: nothing may be committed, ever.</summary>
    Task PublishThenFailAsync(string streamNamespace, string streamKey, long amount);

    /// <summary>Deposits (a write), publishes again and throws: the first event stays, the second is dropped.</summary>
    Task DepositThenPublishThenFailAsync(string streamNamespace, string streamKey, long amount);

    Task<long> GetBalanceAsync();
}

public sealed class TellerState : IHasOutbox
{
    public long Balance { get; set; }

    public long Sequence { get; set; }

    [JsonIgnore]
    public GrainOutbox Outbox { get; } = new();
}

[GrainType(GrainTypeName)]
public sealed class TellerGrain(
    [PersistentState(GrainStorageNames.State, GrainStorageNames.Storage)] IPersistentState<TellerState> teller,
    IStreamEventLog events)
    : Grain, ITellerGrain
{
    /// <summary>The grain_type of its rows in grain_state and stream_events.</summary>
    public const string GrainTypeName = "test-stream-teller";

    public async Task<long> DepositAsync(string streamNamespace, string streamKey, long amount)
    {
        teller.State.Balance += amount;
        teller.State.Sequence++;
        Publish(streamNamespace, streamKey, new Deposited(this.GetPrimaryKeyString(), teller.State.Sequence, amount));
        await teller.WriteStateAsync();
        return teller.State.Balance;
    }

    public Task AppendOnlyAsync(string streamNamespace, string streamKey, long amount) =>
        events.AppendAsync(
            this.GetGrainId(), new StreamId(streamNamespace, streamKey), nameof(Deposited), new Deposited(this.GetPrimaryKeyString(), -1, amount), DateTimeOffset.UtcNow);

    public Task PublishThenFailAsync(string streamNamespace, string streamKey, long amount)
    {
        Publish(streamNamespace, streamKey, new Deposited(this.GetPrimaryKeyString(), -1, amount));
        throw new InvalidOperationException("failed after publishing");
    }

    public async Task DepositThenPublishThenFailAsync(string streamNamespace, string streamKey, long amount)
    {
        await DepositAsync(streamNamespace, streamKey, amount);
        Publish(streamNamespace, streamKey, new Deposited(this.GetPrimaryKeyString(), -2, amount));
        throw new InvalidOperationException("failed after the write");
    }

    public Task<long> GetBalanceAsync() => Task.FromResult(teller.State.Balance);

    private void Publish(string streamNamespace, string streamKey, Deposited deposited) =>
        teller.State.Outbox.Publish(new StreamId(streamNamespace, streamKey), nameof(Deposited), deposited, DateTimeOffset.UtcNow);
}
