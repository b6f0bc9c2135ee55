using System.Diagnostics;
using Lottopar.Runtime.Metrics;

namespace Lottopar.Benchmarks;

/// <summary>
/// Runs a closed-loop load: N workers, each repeating one operation for a fixed time, after a
/// warm-up. Reports operations per second and the latency distribution.
/// </summary>
public static class LoadRun
{
    public static async Task<LoadResult> RunAsync(int workers, TimeSpan warmup, TimeSpan duration, Func<int, Task> operation)
    {
        var histogram = new LatencyHistogram();
        long completed = 0;
        var measuring = false;
        using var stop = new CancellationTokenSource();
        var tasks = Enumerable.Range(0, workers).Select(worker => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                await operation(worker);
                if (Volatile.Read(ref measuring))
                {
                    histogram.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    Interlocked.Increment(ref completed);
                }
            }
        })).ToList();

        await Task.Delay(warmup);
        Volatile.Write(ref measuring, true);
        var clock = Stopwatch.StartNew();
        await Task.Delay(duration);
        Volatile.Write(ref measuring, false);
        var elapsed = clock.Elapsed;
        await stop.CancelAsync();
        await Task.WhenAll(tasks);
        return new LoadResult(Interlocked.Read(ref completed) / elapsed.TotalSeconds, histogram.Summarize());
    }
}

public sealed record LoadResult(double PerSecond, LatencySummary Latency);
