using Lottopar.Providers.PostgreSql.Calls;
using Lottopar.Providers.Tests.Storage;
using Xunit;

namespace Lottopar.Providers.Tests.Calls;

public interface IRelayGrain : IGrainWithStringKey
{
    /// <summary>Calls the first grain of <paramref name="next"/> with the rest; returns the keys visited.</summary>
    Task<string> RelayAsync(string[] next);
}

public sealed class RelayGrain : Grain, IRelayGrain
{
    public async Task<string> RelayAsync(string[] next)
    {
        var me = this.GetPrimaryKeyString();
        return next.Length == 0
            ? me
            : $"{me}>{await GrainFactory.GetGrain<IRelayGrain>(next[0]).RelayAsync(next[1..])}";
    }
}

/// <summary>A call back into a waiting grain fails at once instead of waiting for Orleans' response timeout.</summary>
public sealed class CallCycleGuardTests(StorageSilo silo) : IClassFixture<StorageSilo>
{
    [Fact]
    public async Task A_chain_without_a_cycle_runs()
    {
        var (a, b, c) = (Key("a"), Key("b"), Key("c"));
        Assert.Equal($"{a}>{b}>{c}", await silo.Grains.GetGrain<IRelayGrain>(a).RelayAsync([b, c]));
    }

    [Fact]
    public async Task A_call_back_to_a_waiting_grain_is_refused_naming_the_chain()
    {
        var (a, b) = (Key("a"), Key("b"));
        var error = await Assert.ThrowsAsync<CallCycleException>(() => silo.Grains.GetGrain<IRelayGrain>(a).RelayAsync([b, a]));
        Assert.Contains(a, error.Message);
        Assert.Contains(b, error.Message);
    }

    [Fact]
    public async Task A_grain_calling_itself_is_refused()
    {
        var a = Key("a");
        await Assert.ThrowsAsync<CallCycleException>(() => silo.Grains.GetGrain<IRelayGrain>(a).RelayAsync([a]));
    }

    [Fact]
    public async Task The_same_grain_may_be_called_again_once_its_call_ended()
    {
        // a calls b, b returns; then a calls c, which calls b: b is not waiting any more.
        var (a, b, c) = (Key("a"), Key("b"), Key("c"));
        var relay = silo.Grains.GetGrain<IRelayGrain>(a);
        Assert.Equal($"{a}>{b}", await relay.RelayAsync([b]));
        Assert.Equal($"{a}>{c}>{b}", await relay.RelayAsync([c, b]));
    }

    private static string Key(string name) => $"{name}-{Guid.NewGuid():N}";
}
