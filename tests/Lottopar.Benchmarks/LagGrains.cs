using System.Text.Json.Serialization;
using Lottopar.Providers.Abstractions;
using Lottopar.Providers.PostgreSql.Streams;
using Orleans;
using Orleans.Runtime;

namespace Lottopar.Benchmarks;

public interface ILagPublisherGrain : IGrainWithStringKey
{
    /// <summary>Counts, publishes one event and writes: the event commits with the state.</summary>
    Task PublishAsync(string streamNamespace, string streamKey, long sequence);
}

public sealed class LagPublisherState : IHasOutbox
{
    public long Published { get; set; }

    [JsonIgnore]
    public GrainOutbox Outbox { get; } = new();
}

public sealed record LagEvent(long Sequence);

[GrainType("bench-lag-publisher")]
public sealed class LagPublisherGrain(
    [PersistentState(GrainStorageNames.State, GrainStorageNames.Storage)] IPersistentState<LagPublisherState> publisher,
    TimeProvider clock) : Grain, ILagPublisherGrain
{
    public Task PublishAsync(string streamNamespace, string streamKey, long sequence)
    {
        publisher.State.Published++;
        publisher.State.Outbox.Publish(new StreamId(streamNamespace, streamKey), "LagEvent", new LagEvent(sequence), clock.GetUtcNow());
        return publisher.WriteStateAsync();
    }
}

/// <summary>Consumes the lag benchmark's events and records how long each took to arrive.</summary>
public sealed class LagProjection(LagRecorder recorder, TimeProvider clock) : IStreamProjection<LagEvent>
{
    public Task ProjectAsync(IReadOnlyList<ProjectedEvent<LagEvent>> batch, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        foreach (var projected in batch)
        {
            recorder.Record(now - projected.Info.PublishedAt);
        }

        return Task.CompletedTask;
    }
}
