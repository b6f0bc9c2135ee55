using Lottopar.Providers.Abstractions;
using Lottopar.Providers.Tests.Storage;
using Xunit;

namespace Lottopar.Providers.Tests.Calls;

/// <summary>A failed call drops its activation, so its unsaved changes go with it; a refusal does not.</summary>
public sealed class FailedCallGuardTests(StorageSilo silo) : IClassFixture<StorageSilo>
{
    [Fact]
    public async Task AChangeInMemoryOfAFailedCallIsForgotten()
    {
        var grain = silo.Grains.GetGrain<ICounterGrain>(Guid.NewGuid().ToString("N"));
        await grain.AddAsync(1, null);

        await Assert.ThrowsAnyAsync<Exception>(() => grain.AddThenFailAsync(5));

        Assert.Equal(1, await grain.TotalAsync());
    }

    [Fact]
    public async Task AWriteRefusedForAUniqueKeyLeavesTheGrainAsStored()
    {
        var nickname = Guid.NewGuid().ToString("N");
        await silo.Grains.GetGrain<ICounterGrain>(Guid.NewGuid().ToString("N")).AddAsync(1, nickname);
        var loser = silo.Grains.GetGrain<ICounterGrain>(Guid.NewGuid().ToString("N"));

        // Orleans wraps what the storage provider throws; the conflict inside names the key.
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => loser.AddAsync(7, nickname));
        var conflict = Assert.IsType<UniqueKeyConflictException>(refused.InnerException);
        Assert.Contains(conflict.Conflicts, c => c.Value == nickname);

        Assert.Equal(0, await loser.TotalAsync());
        Assert.Null(await loser.ETagAsync());
    }

    [Fact]
    public async Task ARefusalKeepsTheActivation()
    {
        var grain = silo.Grains.GetGrain<ICounterGrain>(Guid.NewGuid().ToString("N"));
        var before = await grain.ActivationIdAsync();

        await Assert.ThrowsAsync<TestRefusalException>(grain.RefuseAsync);

        Assert.Equal(before, await grain.ActivationIdAsync());
    }
}
