using Lottopar.Runtime.Core;
using Lottopar.Runtime.Tests.Grains;
using Lottopar.Runtime.Tests.Infrastructure;
using Lottopar.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Lottopar.Runtime.Tests;

/// <summary>A caller's wait is bounded; what it waited for is named, personal keys masked.</summary>
public sealed class CallTimeoutTests : IAsyncLifetime
{
    private TestSilo _silo = null!;

    public async Task InitializeAsync() =>
        _silo = await TestSilo.StartAsync(await TestDatabase.SharedAsync(), options: o => o.CallTimeout = TimeSpan.FromMilliseconds(500));

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task SlowCallTimesOutWithAClearError()
    {
        var counter = _silo.Grains.GetGrain<ICounterGrain>("slow-" + Guid.NewGuid());

        var error = await Assert.ThrowsAsync<GrainCallTimeoutException>(() => counter.SleepAsync(TimeSpan.FromSeconds(3)));

        Assert.Contains("ICounterGrain.SleepAsync", error.Message);
        Assert.Contains("counter/slow-", error.Message);
        Assert.Contains("0.5 s", error.Message);
    }

    [Fact]
    public async Task CallQueuedBehindATimedOutCallIsSkippedNotRunLate()
    {
        var key = Guid.NewGuid().ToString();
        var counter = _silo.Grains.GetGrain<ICounterGrain>(key);
        await counter.AddAsync(1);

        var slow = counter.SleepAsync(TimeSpan.FromSeconds(2));
        var queued = counter.AddAsync(100);
        await Assert.ThrowsAsync<GrainCallTimeoutException>(() => queued);
        await Assert.ThrowsAsync<GrainCallTimeoutException>(() => slow);
        await Task.Delay(TimeSpan.FromSeconds(2));

        Assert.Equal(1, await counter.GetAsync());
    }

    [Fact]
    public async Task TheSweepFollowsCallsInFlightNotGrainsInMemory()
    {
        // A silo of its own with a 2-s timeout: a first activation reads its state from a database
        // that the other test classes keep busy, and can outlast this class's 0.5 s.
        await using var silo = await TestSilo.StartAsync(await TestDatabase.SharedAsync(), options: o => o.CallTimeout = TimeSpan.FromSeconds(2));
        var catalog = silo.Services.GetRequiredService<ActivationCatalog>();
        var counters = Enumerable.Range(0, 100).Select(_ => silo.Grains.GetGrain<ICounterGrain>("sweep-" + Guid.NewGuid())).ToList();

        // One grain at a time, for the same reason.
        foreach (var counter in counters)
        {
            await counter.AddAsync(1);
            await counter.AddAsync(2);
        }

        var slow = counters[0].SleepAsync(TimeSpan.FromSeconds(3));

        // Every drain that finished has left the set; the sleeping grain is still in it and times out.
        Assert.True(catalog.Count >= 100, $"{catalog.Count} activations");
        await Eventually.HoldsAsync(() => Task.FromResult(catalog.ScheduledCount), n => n == 1, "only the sleeping grain has a drain running");
        await Assert.ThrowsAsync<GrainCallTimeoutException>(() => slow);
    }

    [Fact]
    public async Task PersonalKeysAreMaskedInErrors()
    {
        const string cpf = "52998224725";
        var person = _silo.Grains.GetGrain<IPersonGrain>(cpf);

        var error = await Assert.ThrowsAsync<GrainCallTimeoutException>(() => person.SleepAsync(TimeSpan.FromSeconds(2)));

        Assert.DoesNotContain(cpf, error.Message);
        Assert.Contains("person/*******4725", error.Message);
    }
}
