using Lottopar.Runtime.Tests.Infrastructure;

namespace Lottopar.Runtime.Tests.Grains;

public interface ICounterGrain : IGrainWithStringKey
{
    Task<long> AddAsync(long amount);

    Task<long> GetAsync();

    ValueTask<long> GetAsValueTaskAsync();

    ValueTask ResetAsync();

    Task FailAsync(string message);

    Task<long> GetStoredVersionAsync();

    Task DeactivateAsync();

    Task SleepAsync(TimeSpan duration);

    Task<int> CountBytesAsync(byte[] payload);
}

public sealed class CounterState
{
    public long Total { get; set; }

    public List<long> History { get; set; } = [];
}

/// <summary>A persistent counter: the plainest grain there is.</summary>
public sealed class CounterGrain(ProbeLog probe) : Grain<CounterState>, ICounterGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        probe.Add($"activate {GetPrimaryKeyString()} total={State.Total}");
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        probe.Add($"deactivate {GetPrimaryKeyString()} {reason}");
        return Task.CompletedTask;
    }

    public async Task<long> AddAsync(long amount)
    {
        State.Total += amount;
        State.History.Add(amount);
        await WriteStateAsync();
        return State.Total;
    }

    public Task<long> GetAsync() => Task.FromResult(State.Total);

    public Task<int> CountBytesAsync(byte[] payload) => Task.FromResult(payload.Length);

    public ValueTask<long> GetAsValueTaskAsync() => ValueTask.FromResult(State.Total);

    public async ValueTask ResetAsync() => await ClearStateAsync();

    public Task FailAsync(string message) => throw new InvalidOperationException(message);

    public Task<long> GetStoredVersionAsync() => Task.FromResult(StateVersion);

    public Task DeactivateAsync()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public Task SleepAsync(TimeSpan duration) => Task.Delay(duration);
}
