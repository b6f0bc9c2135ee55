using Lottopar.Runtime.Streams;

namespace Lottopar.Runtime.Tests.Grains;

public interface IAuditGrain : IStreamConsumerGrain<AccountEvent>
{
    Task<IReadOnlyList<AccountEvent>> GetReceivedAsync();

    Task<IReadOnlyList<StreamPosition>> GetPositionsAsync();
}

public sealed class AuditState
{
    public List<AccountEvent> Received { get; set; } = [];

    public List<StreamPosition> Positions { get; set; } = [];
}

/// <summary>
/// A stream consumer that keeps every delivery in its state. Negative amounts are "poison": it
/// throws on them, so the runtime retries and finally dead-letters them.
/// </summary>
public sealed class AuditGrain : Grain<AuditState>, IAuditGrain
{
    public async Task OnNextAsync(AccountEvent item, StreamEventInfo info)
    {
        if (item.Amount < 0)
        {
            throw new InvalidOperationException($"cannot audit a negative amount ({item.Amount})");
        }

        State.Received.Add(item);
        State.Positions.Add(info.Position);
        await WriteStateAsync();
    }

    public Task<IReadOnlyList<AccountEvent>> GetReceivedAsync() => Task.FromResult<IReadOnlyList<AccountEvent>>([.. State.Received]);

    public Task<IReadOnlyList<StreamPosition>> GetPositionsAsync() => Task.FromResult<IReadOnlyList<StreamPosition>>([.. State.Positions]);
}
