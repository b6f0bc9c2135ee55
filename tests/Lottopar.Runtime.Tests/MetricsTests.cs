using Lottopar.Testing;
using Lottopar.Runtime.Tests.Grains;
using Lottopar.Runtime.Tests.Infrastructure;
using Xunit;

namespace Lottopar.Runtime.Tests;

/// <summary>Per grain type: calls, errors, latency, live activations; the snapshot the dashboard reads.</summary>
public sealed class MetricsTests
{
    [Fact]
    public async Task CallsErrorsLatencyAndActivationsAreCountedPerGrainType()
    {
        await using var silo = await TestSilo.StartAsync(await TestDatabase.SharedAsync());
        var keys = Enumerable.Range(0, 3).Select(_ => Guid.NewGuid().ToString()).ToList();

        foreach (var key in keys)
        {
            await silo.Grains.GetGrain<ICounterGrain>(key).AddAsync(1);
            await silo.Grains.GetGrain<ICounterGrain>(key).GetAsync();
        }

        await Assert.ThrowsAsync<InvalidOperationException>(() => silo.Grains.GetGrain<ICounterGrain>(keys[0]).FailAsync("x"));
        // The failed call dropped its activation; this call waits for it to leave and activates a successor.
        await silo.Grains.GetGrain<ICounterGrain>(keys[0]).GetAsync();
        await silo.Grains.GetGrain<IRelayGrain>(keys[0]).ForwardAsync([]);

        var snapshot = silo.Metrics();
        var counter = snapshot.GrainTypes.Single(t => t.GrainType == "counter");
        Assert.Equal((3, 8, 1), (counter.Activations, counter.Calls, counter.Errors));
        Assert.Equal(8, counter.CallDuration.Count);
        Assert.True(counter.CallDuration.P99Ms >= counter.CallDuration.P50Ms && counter.CallDuration.P50Ms > 0);
        Assert.Equal(3, counter.StorageWrite.Count);
        var relay = snapshot.GrainTypes.Single(t => t.GrainType == "relay");
        Assert.Equal((1, 1, 0), (relay.Activations, relay.Calls, relay.Errors));
        Assert.Contains(snapshot.GrainTypes, t => t is { GrainType: "alarm", Calls: 0 });
    }

    [Fact]
    public async Task SiloStoppingBringsLiveActivationsBackToZero()
    {
        var silo = await TestSilo.StartAsync(await TestDatabase.SharedAsync());
        await silo.Grains.GetGrain<ICounterGrain>(Guid.NewGuid().ToString()).GetAsync();
        Assert.Equal(1, silo.Metrics().GrainTypes.Single(t => t.GrainType == "counter").Activations);

        await silo.StopAsync();

        Assert.Equal(0, silo.Metrics().GrainTypes.Single(t => t.GrainType == "counter").Activations);
        await silo.DisposeAsync();
    }
}
