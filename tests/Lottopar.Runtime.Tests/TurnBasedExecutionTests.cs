using Lottopar.Testing;
using Lottopar.Runtime.Tests.Grains;
using Lottopar.Runtime.Tests.Infrastructure;
using Xunit;

namespace Lottopar.Runtime.Tests;

/// <summary>One call at a time per activation, in arrival order; clear failures.</summary>
public sealed class TurnBasedExecutionTests : IAsyncLifetime
{
    private TestSilo _silo = null!;

    public async Task InitializeAsync() =>
        _silo = await TestSilo.StartAsync(await TestDatabase.SharedAsync());

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task ThousandConcurrentCallersObserveStrictlySerialExecution()
    {
        var probe = _silo.Grains.GetGrain<ISerialProbeGrain>(Guid.NewGuid().ToString());

        await Task.WhenAll(Enumerable.Range(0, 1000).Select(i => Task.Run(() => probe.EnterAsync(i))));

        Assert.Equal(1, await probe.GetMaxConcurrencyAsync());
        var order = await probe.GetOrderAsync();
        Assert.Equal(1000, order.Count);
        Assert.Equal(Enumerable.Range(0, 1000), order.Order());
    }

    [Fact]
    public async Task CallsRunInTheOrderTheyArrived()
    {
        var probe = _silo.Grains.GetGrain<ISerialProbeGrain>(Guid.NewGuid().ToString());

        // Sent one after another without waiting: arrival order is sending order.
        var calls = Enumerable.Range(0, 500).Select(probe.EnterAsync).ToList();
        await Task.WhenAll(calls);

        Assert.Equal(Enumerable.Range(0, 500), await probe.GetOrderAsync());
    }

    [Fact]
    public async Task FailedActivationReachesTheCallerAndIsRetriedOnTheNextCall()
    {
        var broken = _silo.Grains.GetGrain<IFailingActivationGrain>("broken-" + Guid.NewGuid());

        var first = await Assert.ThrowsAsync<GrainActivationException>(broken.PingAsync);
        var second = await Assert.ThrowsAsync<GrainActivationException>(broken.PingAsync);

        Assert.Contains("cannot start", first.Message);
        Assert.IsType<InvalidOperationException>(second.InnerException);
        Assert.Equal("pong", await _silo.Grains.GetGrain<IFailingActivationGrain>("fine-" + Guid.NewGuid()).PingAsync());
    }
}
