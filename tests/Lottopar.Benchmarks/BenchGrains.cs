using Lottopar.Runtime;
using Lottopar.Runtime.Streams;

namespace Lottopar.Benchmarks;

public interface IEchoGrain : IGrainWithStringKey
{
    Task<int> AddAsync(int value);
}

/// <summary>The in-memory call benchmark's grain: the same trivial work as the channel actor.</summary>
public sealed class EchoGrain : Grain, IEchoGrain
{
    private int _total;

    public Task<int> AddAsync(int value) => Task.FromResult(_total += value);
}

public interface ITallyGrain : IGrainWithStringKey
{
    Task<long> AddAsync(long amount);

    Task PublishAsync(string streamNamespace, string streamKey, long sequence);
}

public sealed class TallyState
{
    public long Total { get; set; }

    public string Note { get; set; } = "";
}

/// <summary>The persisted-write benchmark's grain: one small JSON state, written on every call.</summary>
public sealed class TallyGrain : Grain<TallyState>, ITallyGrain
{
    public async Task<long> AddAsync(long amount)
    {
        State.Total += amount;
        State.Note = "benchmark";
        await WriteStateAsync();
        return State.Total;
    }

    public async Task PublishAsync(string streamNamespace, string streamKey, long sequence)
    {
        State.Total++;
        await GetStream<LagEvent>(new StreamId(streamNamespace, streamKey)).OnNextAsync(new LagEvent(sequence));
        await WriteStateAsync();
    }
}

public sealed record LagEvent(long Sequence);

public interface ILagProbeGrain : IStreamConsumerGrain<LagEvent>;

/// <summary>Consumes the lag benchmark's events and records how long each took to arrive.</summary>
public sealed class LagProbeGrain(LagRecorder recorder, TimeProvider clock) : Grain, ILagProbeGrain
{
    public Task OnNextAsync(LagEvent item, StreamEventInfo info)
    {
        recorder.Record(clock.GetUtcNow() - info.PublishedAt);
        return Task.CompletedTask;
    }
}
