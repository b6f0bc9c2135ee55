using System.Collections.Concurrent;
using Lottopar.GrainInterfaces.Betting;
using Orleans;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace Lottopar.Silo.Tests.Streams;

public interface IBettingStreamProbeGrain : IGrainWithStringKey;

/// <summary>
/// A test-only consumer of the betting stream (key: the OPRID), implicitly subscribed: the first
/// grain class that subscribes, so the silo hosting this assembly runs pulling agents for
/// <c>betting</c>. What it receives is kept with the stream's key, found by event id (OPRIDs repeat
/// across the tests' databases; event ids do not).
/// </summary>
[ImplicitStreamSubscription(BettingStreams.Namespace)]
public sealed class BettingStreamProbeGrain : Grain, IBettingStreamProbeGrain, IStreamSubscriptionObserver
{
    private static readonly ConcurrentQueue<(string StreamKey, BettingEventRecord Record)> Received = new();

    /// <summary>Each delivery of the event <paramref name="eventId"/>, with the key of the stream it came on.</summary>
    public static IReadOnlyList<(string StreamKey, BettingEventRecord Record)> Of(Guid eventId) => [.. Received.Where(r => r.Record.EventId == eventId)];

    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        await handleFactory.Create<BettingEventRecord>().ResumeAsync((record, _) =>
        {
            Received.Enqueue((this.GetPrimaryKeyString(), record));
            return Task.CompletedTask;
        });
}
