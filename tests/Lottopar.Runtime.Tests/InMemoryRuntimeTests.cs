using Lottopar.Runtime.Storage;
using Lottopar.Runtime.Tests.Grains;
using Lottopar.Runtime.Tests.Infrastructure;
using Lottopar.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Lottopar.Runtime.Tests;

/// <summary>The in-memory provider, for unit tests of grain logic: same rules as PostgreSQL, no server.</summary>
public sealed class InMemoryRuntimeTests : IAsyncLifetime
{
    private TestSilo _silo = null!;

    public async Task InitializeAsync() =>
        _silo = await TestSilo.StartAsync(database: null, r => r.AddStreamSubscription<IAuditGrain, AccountEvent>("audit", "accounts"));

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    private InMemoryGrainStorage Storage => _silo.Services.GetRequiredService<InMemoryGrainStorage>();

    [Fact]
    public async Task GrainLogicRunsWithStateKeptInMemory()
    {
        var counter = _silo.Grains.GetGrain<ICounterGrain>("c1");

        await counter.AddAsync(2);
        await counter.AddAsync(3);

        Assert.Equal(5, await counter.GetAsync());
        Assert.Equal(2, await counter.GetStoredVersionAsync());
        Assert.Contains("\"total\":5", (await Storage.ReadAsync(new GrainId("counter", "c1"), default))!.Json);
    }

    [Fact]
    public async Task PublishedEventsAreCommittedAndDelivered()
    {
        await _silo.Grains.GetGrain<IAccountGrain>("a1").DepositAsync("accounts", "a1", 10);
        await Assert.ThrowsAsync<InvalidOperationException>(() => _silo.Grains.GetGrain<IAccountGrain>("a1").PublishThenFailAsync("accounts", "a1", 99));

        var received = await Eventually.HoldsAsync(() => _silo.Grains.GetGrain<IAuditGrain>("a1").GetReceivedAsync(), r => r.Count == 1, "the deposit is audited");
        Assert.Equal(10, received[0].Amount);
        Assert.Single(Storage.Events, e => e.Stream.Key == "a1");
    }

    [Fact]
    public async Task StaleVersionIsRefusedLikeInPostgreSql()
    {
        var grain = new GrainId("counter", "direct");
        Assert.Equal(1, await Storage.TryWriteAsync(grain, "{}", 0, [], null, DateTimeOffset.UnixEpoch, default));

        Assert.Null(await Storage.TryWriteAsync(grain, "{}", 0, [], null, DateTimeOffset.UnixEpoch, default));
        Assert.Equal(2, await Storage.TryWriteAsync(grain, "{}", 1, [], null, DateTimeOffset.UnixEpoch, default));
    }
}
