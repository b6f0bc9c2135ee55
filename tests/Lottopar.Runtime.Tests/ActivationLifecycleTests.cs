using System.Runtime.CompilerServices;
using Lottopar.Runtime.Tests.Grains;
using Lottopar.Runtime.Tests.Infrastructure;
using Lottopar.Testing;
using Xunit;

namespace Lottopar.Runtime.Tests;

/// <summary>Activation on first call, collection when idle or over the cap, deactivation on shutdown.</summary>
public sealed class ActivationLifecycleTests
{
    private static string NewKey() => Guid.NewGuid().ToString("N");

    [Fact]
    public async Task FirstCallActivatesOnceAndLaterCallsReuseTheActivation()
    {
        await using var silo = await TestSilo.StartAsync(await TestDatabase.SharedAsync());
        var key = NewKey();

        for (var i = 0; i < 5; i++)
        {
            await silo.Grains.GetGrain<ICounterGrain>(key).AddAsync(1);
        }

        Assert.Equal(1, silo.Services.GetProbe().Count($"activate {key} total=0"));
    }

    [Fact]
    public async Task AnActivationKeepsNothingOfTheCallsItHasFinished()
    {
        await using var silo = await TestSilo.StartAsync(database: null);
        var counter = silo.Grains.GetGrain<ICounterGrain>(Guid.NewGuid().ToString("N"));

        var arguments = await CallThreeTimesAsync(counter);

        // The caller resumes as soon as the answer is set, while the turn may still be unwinding on
        // the activation's thread: collect until the turn is over. An activation that kept a
        // finished call (its last one included) would keep it for good, and this would time out.
        await Eventually.HoldsAsync(() =>
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            return arguments.TrueForAll(argument => !argument.IsAlive);
        }, "no finished call's argument is reachable from the activation", TimeSpan.FromSeconds(5));
        Assert.Equal(3, await counter.CountBytesAsync([1, 2, 3]));
    }

    /// <summary>
    /// The first call activates the grain, the others find it active. Once this returns, each
    /// argument can be reachable only from the runtime (the awaits here, whose frames a Debug build
    /// keeps alive, have all finished).
    /// </summary>
    private static async Task<List<WeakReference>> CallThreeTimesAsync(ICounterGrain counter)
    {
        var arguments = new List<WeakReference>();
        for (var i = 0; i < 3; i++)
        {
            arguments.Add(await CallWithPayloadAsync(counter));
        }

        return arguments;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<WeakReference> CallWithPayloadAsync(ICounterGrain counter)
    {
        var payload = new byte[1024];
        Assert.Equal(1024, await counter.CountBytesAsync(payload));
        return new WeakReference(payload);
    }

    [Fact]
    public async Task IdleActivationIsCollectedAndReactivatedWithItsState()
    {
        var clock = new ManualClock();
        await using var silo = await TestSilo.StartAsync(await TestDatabase.SharedAsync(), clock: clock, options: o =>
        {
            o.IdleTimeout = TimeSpan.FromMinutes(10);
            o.CollectionInterval = TimeSpan.FromMilliseconds(20);
        });
        var key = NewKey();
        var probe = silo.Services.GetProbe();
        await silo.Grains.GetGrain<ICounterGrain>(key).AddAsync(7);

        clock.Advance(TimeSpan.FromMinutes(11));
        await Eventually.HoldsAsync(() => probe.Count($"deactivate {key} IdleTimeout") == 1, "the idle counter is collected");

        Assert.Equal(8, await silo.Grains.GetGrain<ICounterGrain>(key).AddAsync(1));
        Assert.Equal(1, probe.Count($"activate {key} total=7"));
    }

    [Fact]
    public async Task ActivationUsedWithinTheIdleTimeoutIsKept()
    {
        var clock = new ManualClock();
        await using var silo = await TestSilo.StartAsync(await TestDatabase.SharedAsync(), clock: clock, options: o =>
        {
            o.IdleTimeout = TimeSpan.FromMinutes(10);
            o.CollectionInterval = TimeSpan.FromMilliseconds(20);
        });
        var idle = NewKey();
        var busy = NewKey();
        await silo.Grains.GetGrain<ICounterGrain>(idle).AddAsync(1);
        clock.Advance(TimeSpan.FromMinutes(6));
        await silo.Grains.GetGrain<ICounterGrain>(busy).AddAsync(1);

        clock.Advance(TimeSpan.FromMinutes(6));
        var probe = silo.Services.GetProbe();
        await Eventually.HoldsAsync(() => probe.Count($"deactivate {idle} IdleTimeout") == 1, "the idle counter is collected");

        Assert.Equal(0, probe.Count($"deactivate {busy} IdleTimeout"));
    }

    [Fact]
    public async Task DeactivateOnIdleEndsTheActivationAfterTheCall()
    {
        await using var silo = await TestSilo.StartAsync(await TestDatabase.SharedAsync());
        var key = NewKey();
        var counter = silo.Grains.GetGrain<ICounterGrain>(key);
        await counter.AddAsync(2);

        await counter.DeactivateAsync();
        var probe = silo.Services.GetProbe();
        await Eventually.HoldsAsync(() => probe.Count($"deactivate {key} ApplicationRequested") == 1, "the counter deactivates");

        Assert.Equal(2, await counter.GetAsync());
        Assert.Equal(1, probe.Count($"activate {key} total=2"));
    }

    [Fact]
    public async Task OverTheCapTheLeastRecentlyUsedIdleActivationIsCollected()
    {
        var clock = new ManualClock();
        await using var silo = await TestSilo.StartAsync(await TestDatabase.SharedAsync(), clock: clock, options: o => o.MaxActivations = 5);
        var keys = Enumerable.Range(0, 5).Select(_ => NewKey()).ToList();
        foreach (var key in keys)
        {
            await silo.Grains.GetGrain<ICounterGrain>(key).GetAsync();
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        // keys[0] is used again, so keys[1] is now the least recently used.
        await silo.Grains.GetGrain<ICounterGrain>(keys[0]).GetAsync();
        clock.Advance(TimeSpan.FromSeconds(1));
        await silo.Grains.GetGrain<ICounterGrain>(NewKey()).GetAsync();

        var probe = silo.Services.GetProbe();
        await Eventually.HoldsAsync(() => probe.Count($"deactivate {keys[1]} ActivationLimit") == 1, "the least recently used counter is collected");
        Assert.Equal(0, probe.Count($"deactivate {keys[0]} ActivationLimit"));
        Assert.Equal(5, silo.Metrics().GrainTypes.Single(t => t.GrainType == "counter").Activations);
    }

    [Fact]
    public async Task OverTheCapWithEveryActivationBusyTheCallIsRefused()
    {
        await using var silo = await TestSilo.StartAsync(await TestDatabase.SharedAsync(), options: o => o.MaxActivations = 2);
        var sleeping = new[]
        {
            silo.Grains.GetGrain<ICounterGrain>(NewKey()).SleepAsync(TimeSpan.FromSeconds(2)),
            silo.Grains.GetGrain<ICounterGrain>(NewKey()).SleepAsync(TimeSpan.FromSeconds(2)),
        };
        await Task.Delay(200);

        var error = await Assert.ThrowsAsync<ActivationLimitExceededException>(() => silo.Grains.GetGrain<ICounterGrain>(NewKey()).GetAsync());

        Assert.Contains("maximum of 2 activations", error.Message);
        await Task.WhenAll(sleeping);
    }

    [Fact]
    public async Task StoppingTheSiloDeactivatesEveryGrainAndRefusesNewCalls()
    {
        var silo = await TestSilo.StartAsync(await TestDatabase.SharedAsync());
        var keys = Enumerable.Range(0, 3).Select(_ => NewKey()).ToList();
        foreach (var key in keys)
        {
            await silo.Grains.GetGrain<ICounterGrain>(key).AddAsync(1);
        }

        var grains = silo.Grains;
        var probe = silo.Services.GetProbe();
        await silo.StopAsync();

        Assert.All(keys, key => Assert.Equal(1, probe.Count($"deactivate {key} ShuttingDown")));
        await Assert.ThrowsAsync<SiloUnavailableException>(() => grains.GetGrain<ICounterGrain>(keys[0]).GetAsync());
        await silo.DisposeAsync();
    }
}
