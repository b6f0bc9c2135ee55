using Lottopar.Testing;
using Lottopar.Runtime.Core;
using Lottopar.Runtime.Tests.Grains;
using Lottopar.Runtime.Tests.Infrastructure;
using Xunit;

namespace Lottopar.Runtime.Tests;

/// <summary>References, grain-to-grain calls, results and failures crossing the call boundary.</summary>
public sealed class GrainCallTests : IAsyncLifetime
{
    private TestSilo _silo = null!;

    public async Task InitializeAsync() => _silo = await TestSilo.StartAsync(await TestDatabase.SharedAsync());

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    private static string NewKey() => Guid.NewGuid().ToString("N");

    [Fact]
    public async Task ReferenceFromTheFactoryReachesTheGrainByKey()
    {
        var key = NewKey();

        await _silo.Grains.GetGrain<ICounterGrain>(key).AddAsync(5);
        var total = await _silo.Grains.GetGrain<ICounterGrain>(key).GetAsync();

        Assert.Equal(5, total);
        Assert.Equal(0, await _silo.Grains.GetGrain<ICounterGrain>(NewKey()).GetAsync());
    }

    [Fact]
    public async Task ReferencesHeldTogetherKeepTheirOwnTargets()
    {
        // The factory copies one proxy per interface: a later reference must not retarget an earlier one.
        var first = _silo.Grains.GetGrain<ICounterGrain>(NewKey());
        var second = _silo.Grains.GetGrain<ICounterGrain>(NewKey());

        await first.AddAsync(3);
        await second.AddAsync(4);

        Assert.Equal(3, await first.GetAsync());
        Assert.Equal(4, await second.GetAsync());
        Assert.NotEqual(((GrainReference)(object)first).GrainId, ((GrainReference)(object)second).GrainId);
    }

    [Fact]
    public async Task ReferencesToTheSameGrainAreEqual()
    {
        var key = NewKey();

        var first = _silo.Grains.GetGrain<ICounterGrain>(key);
        var second = _silo.Grains.GetGrain<ICounterGrain>(key);

        Assert.Equal(first, second);
        Assert.NotEqual(first, _silo.Grains.GetGrain<ICounterGrain>(NewKey()));
    }

    [Fact]
    public async Task ValueTaskMethodsReturnTheirResults()
    {
        var counter = _silo.Grains.GetGrain<ICounterGrain>(NewKey());
        await counter.AddAsync(7);

        Assert.Equal(7, await counter.GetAsValueTaskAsync());
        await counter.ResetAsync();
        Assert.Equal(0, await counter.GetAsync());
    }

    [Fact]
    public async Task GrainsCallGrainsThroughTheSameFactory()
    {
        var route = new[] { NewKey(), NewKey(), NewKey() };

        var visited = await _silo.Grains.GetGrain<IRelayGrain>("start-" + route[0]).ForwardAsync(route);

        Assert.Equal($"start-{route[0]}>{route[0]}>{route[1]}>{route[2]}", visited);
    }

    [Fact]
    public async Task ExceptionReachesTheCallerAndTheGrainKeepsServing()
    {
        var counter = _silo.Grains.GetGrain<ICounterGrain>(NewKey());
        await counter.AddAsync(3);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => counter.FailAsync("refused on purpose"));

        Assert.Equal("refused on purpose", error.Message);
        Assert.Equal(4, await counter.AddAsync(1));
    }

    [Fact]
    public async Task CallCycleFailsFastInsteadOfDeadlocking()
    {
        var a = NewKey();
        var b = NewKey();

        var error = await Assert.ThrowsAsync<DeadlockException>(
            () => _silo.Grains.GetGrain<IRelayGrain>(a).ForwardAsync([b, a]));

        Assert.Contains($"relay/{a} -> relay/{b} -> relay/{a}", error.Message);
        Assert.Equal(b, await _silo.Grains.GetGrain<IRelayGrain>(b).ForwardAsync([]));
    }

    [Fact]
    public async Task CallingItselfIsACycle()
    {
        var a = NewKey();

        await Assert.ThrowsAsync<DeadlockException>(() => _silo.Grains.GetGrain<IRelayGrain>(a).ForwardAsync([a]));
    }

    [Fact]
    public async Task CallsReturnToTheSameGrainWhenTheFirstCallHasEnded()
    {
        var a = NewKey();
        var b = NewKey();

        // a -> b, then (after returning) a -> c -> b: b is not waiting any more, so this is no cycle.
        await _silo.Grains.GetGrain<IRelayGrain>(a).ForwardAsync([b]);
        var visited = await _silo.Grains.GetGrain<IRelayGrain>(a).ForwardAsync([NewKey(), b]);

        Assert.EndsWith($">{b}", visited);
    }

    [Fact]
    public async Task UnknownGrainInterfaceIsRefusedWithItsName()
    {
        var error = Assert.Throws<InvalidOperationException>(() => _silo.Grains.GetGrain<IUnimplementedGrain>("x"));

        Assert.Contains(nameof(IUnimplementedGrain), error.Message);
    }

    [Fact]
    public async Task EmptyKeyIsRefused()
    {
        Assert.Throws<ArgumentException>(() => _silo.Grains.GetGrain<ICounterGrain>(""));
        await Task.CompletedTask;
    }
}

public interface IUnimplementedGrain : IGrainWithStringKey
{
    Task PingAsync();
}
