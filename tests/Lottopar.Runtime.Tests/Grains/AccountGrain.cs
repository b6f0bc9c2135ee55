using Lottopar.Runtime.Streams;

namespace Lottopar.Runtime.Tests.Grains;

/// <summary>What the account grains publish.</summary>
public sealed record AccountEvent(string Account, long Sequence, long Amount);

public interface IAccountGrain : IGrainWithStringKey
{
    /// <summary>Adds to the balance and publishes an event to the stream (namespace, key), in one commit.</summary>
    Task<long> DepositAsync(string streamNamespace, string streamKey, long amount);

    /// <summary>Publishes without writing state: committed when the call ends.</summary>
    Task PublishOnlyAsync(string streamNamespace, string streamKey, long amount);

    /// <summary>Publishes, then throws before any write: nothing may be committed.</summary>
    Task PublishThenFailAsync(string streamNamespace, string streamKey, long amount);

    /// <summary>Publishes, writes, publishes again and throws: the first event stays, the second is dropped.</summary>
    Task DepositThenPublishThenFailAsync(string streamNamespace, string streamKey, long amount);

    Task<long> GetBalanceAsync();
}

public sealed class AccountState
{
    public long Balance { get; set; }

    public long Sequence { get; set; }
}

public sealed class AccountGrain : Grain<AccountState>, IAccountGrain
{
    public async Task<long> DepositAsync(string streamNamespace, string streamKey, long amount)
    {
        State.Balance += amount;
        State.Sequence++;
        await Stream(streamNamespace, streamKey).OnNextAsync(new AccountEvent(GetPrimaryKeyString(), State.Sequence, amount));
        await WriteStateAsync();
        return State.Balance;
    }

    public async Task PublishOnlyAsync(string streamNamespace, string streamKey, long amount) =>
        await Stream(streamNamespace, streamKey).OnNextAsync(new AccountEvent(GetPrimaryKeyString(), -1, amount));

    public async Task PublishThenFailAsync(string streamNamespace, string streamKey, long amount)
    {
        await Stream(streamNamespace, streamKey).OnNextAsync(new AccountEvent(GetPrimaryKeyString(), -1, amount));
        throw new InvalidOperationException("failed after publishing");
    }

    public async Task DepositThenPublishThenFailAsync(string streamNamespace, string streamKey, long amount)
    {
        await DepositAsync(streamNamespace, streamKey, amount);
        await Stream(streamNamespace, streamKey).OnNextAsync(new AccountEvent(GetPrimaryKeyString(), -2, amount));
        throw new InvalidOperationException("failed after the write");
    }

    public Task<long> GetBalanceAsync() => Task.FromResult(State.Balance);

    private IAsyncStream<AccountEvent> Stream(string streamNamespace, string streamKey) =>
        GetStream<AccountEvent>(new StreamId(streamNamespace, streamKey));
}
