using System.Text.Json.Serialization;
using Lottopar.Providers.Abstractions;
using Lottopar.Providers.PostgreSql.Streams;
using Orleans;
using Orleans.Runtime;
using Orleans.Streams;
using Orleans.Streams.Core;
using StreamId = Lottopar.Providers.Abstractions.StreamId;

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

/// <param name="PublishedAt">When it was published, for consumers that see only the payload (Orleans stream consumers).</param>
public sealed record LagEvent(long Sequence, DateTimeOffset PublishedAt);

[GrainType("bench-lag-publisher")]
public sealed class LagPublisherGrain(
    [PersistentState(GrainStorageNames.State, GrainStorageNames.Storage)] IPersistentState<LagPublisherState> publisher,
    TimeProvider clock) : Grain, ILagPublisherGrain
{
    public Task PublishAsync(string streamNamespace, string streamKey, long sequence)
    {
        publisher.State.Published++;
        var now = clock.GetUtcNow();
        publisher.State.Outbox.Publish(new StreamId(streamNamespace, streamKey), "LagEvent", new LagEvent(sequence, now), now);
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

public interface ILagConsumerGrain : IGrainWithStringKey;

/// <summary>
/// Implicitly subscribed, through the Orleans stream provider on the stream log, to the lag
/// benchmark's Orleans namespaces: records how long each event took from its publisher's
/// commit-bound write to this grain.
/// </summary>
[RegexImplicitStreamSubscription("^" + LagBenchmark.OrleansNamespacePrefix)]
public sealed class LagConsumerGrain(LagRecorder recorder, TimeProvider clock) : Grain, ILagConsumerGrain, IStreamSubscriptionObserver
{
    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        await handleFactory.Create<LagEvent>().ResumeAsync((e, _) =>
        {
            recorder.Record(clock.GetUtcNow() - e.PublishedAt);
            return Task.CompletedTask;
        });
}
