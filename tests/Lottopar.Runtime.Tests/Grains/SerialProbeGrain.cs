namespace Lottopar.Runtime.Tests.Grains;

public interface ISerialProbeGrain : IGrainWithStringKey
{
    Task EnterAsync(int sequence);

    Task<IReadOnlyList<int>> GetOrderAsync();

    Task<int> GetMaxConcurrencyAsync();
}

/// <summary>
/// Notes the order calls run in and how many ever overlapped. Each call yields to the thread
/// pool mid-way, so overlapping calls would be caught in the act.
/// </summary>
public sealed class SerialProbeGrain : Grain, ISerialProbeGrain
{
    private readonly List<int> _order = [];
    private int _inside;
    private int _maxInside;

    public async Task EnterAsync(int sequence)
    {
        var inside = Interlocked.Increment(ref _inside);
        _maxInside = Math.Max(_maxInside, inside);
        await Task.Yield();
        _order.Add(sequence);
        Interlocked.Decrement(ref _inside);
    }

    public Task<IReadOnlyList<int>> GetOrderAsync() => Task.FromResult<IReadOnlyList<int>>([.. _order]);

    public Task<int> GetMaxConcurrencyAsync() => Task.FromResult(_maxInside);
}
