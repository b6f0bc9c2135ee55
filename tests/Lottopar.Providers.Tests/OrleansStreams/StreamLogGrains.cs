using System.Collections.Concurrent;
using System.Text.Json.Serialization;
using Lottopar.Providers.Abstractions;
using Lottopar.Providers.PostgreSql.Streams.Orleans;
using Orleans.Streams;
using Orleans.Streams.Core;
using StreamId = Lottopar.Providers.Abstractions.StreamId;
using StreamPosition = Lottopar.Providers.PostgreSql.Streams.StreamPosition;

namespace Lottopar.Providers.Tests.OrleansStreams;

/// <summary>What the ledger grains publish; its name is its contract.</summary>
[StreamEventName(EventName)]
[GenerateSerializer, Immutable]
public sealed record Credited(string Account, long Sequence, long Amount)
{
    public const string EventName = "credited";
}

/// <summary>A payload type without an event name: producing it must be refused.</summary>
[GenerateSerializer, Immutable]
public sealed record Unnamed(long Amount);

public interface ILedgerGrain : IGrainWithStringKey
{
    /// <summary>Credits and publishes to the stream (<see cref="StreamLogSilo.Namespace"/>, key) through the state's outbox, in one commit.</summary>
    Task CreditAsync(string streamKey, long amount);

    /// <summary>Produces an event on the Orleans stream (<see cref="StreamLogSilo.Namespace"/>, key) without a state write.</summary>
    Task ProduceAsync(string streamKey, long amount);

    /// <summary>Produces a payload whose type has no event name.</summary>
    Task ProduceUnnamedAsync(string streamKey);
}

public sealed class LedgerState : IHasOutbox
{
    public long Sequence { get; set; }

    [JsonIgnore]
    public GrainOutbox Outbox { get; } = new();
}

[GrainType(GrainTypeName)]
public sealed class LedgerGrain([PersistentState(GrainStorageNames.State, GrainStorageNames.Storage)] IPersistentState<LedgerState> ledger)
    : Grain, ILedgerGrain
{
    public const string GrainTypeName = "test-orleans-stream-ledger";

    public async Task CreditAsync(string streamKey, long amount)
    {
        ledger.State.Sequence++;
        ledger.State.Outbox.Publish(
            new StreamId(StreamLogSilo.Namespace, streamKey), Credited.EventName, new Credited(this.GetPrimaryKeyString(), ledger.State.Sequence, amount), DateTimeOffset.UtcNow);
        await ledger.WriteStateAsync();
    }

    public Task ProduceAsync(string streamKey, long amount) =>
        StreamOf<Credited>(streamKey).OnNextAsync(new Credited(this.GetPrimaryKeyString(), -1, amount));

    public Task ProduceUnnamedAsync(string streamKey) => StreamOf<Unnamed>(streamKey).OnNextAsync(new Unnamed(1));

    private IAsyncStream<T> StreamOf<T>(string streamKey) =>
        this.GetStreamProvider(StreamLogSilo.Provider).GetStream<T>(Orleans.Runtime.StreamId.Create(StreamLogSilo.Namespace, streamKey));
}

public interface ICreditConsumerGrain : IGrainWithStringKey;

/// <summary>
/// Implicitly subscribed to every stream of <see cref="StreamLogSilo.Namespace"/>: records each
/// delivery in its silo's <see cref="DeliveryRecorder"/> and refuses negative amounts, always.
/// </summary>
[ImplicitStreamSubscription(StreamLogSilo.Namespace)]
public sealed class CreditConsumerGrain(DeliveryRecorder recorder) : Grain, ICreditConsumerGrain, IStreamSubscriptionObserver
{
    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        await handleFactory.Create<Credited>().ResumeAsync(OnNextAsync);

    private Task OnNextAsync(Credited credited, StreamSequenceToken? token)
    {
        if (credited.Amount < 0)
        {
            throw new InvalidOperationException($"Refused: {credited}");
        }

        recorder.Record(new Delivery(this.GetPrimaryKeyString(), credited, ((StreamLogSequenceToken)token!).Position));
        return Task.CompletedTask;
    }
}

public sealed record Delivery(string Stream, Credited Event, StreamPosition Position);

/// <summary>Every delivery to this silo's consumer grains, duplicates included, in arrival order.</summary>
public sealed class DeliveryRecorder
{
    private readonly ConcurrentQueue<Delivery> _deliveries = new();

    public IReadOnlyList<Delivery> All => [.. _deliveries];

    public IReadOnlyList<Delivery> Of(string stream) => [.. _deliveries.Where(d => d.Stream == stream)];

    public void Record(Delivery delivery) => _deliveries.Enqueue(delivery);
}
