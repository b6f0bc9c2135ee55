using System.Diagnostics;
using Lottopar.Providers.PostgreSql.Metrics;

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

/// <summary>
/// Compares loads fairly: several rounds, rotating which goes first, so that background work of
/// the database (checkpoints, autovacuum) falls on every side alike.
/// </summary>
public static class AlternatingRuns
{
    public static async Task<(LoadResult Baseline, LoadResult Candidate)> CompareAsync(
        int rounds, int workers, TimeSpan duration, Func<int, Task> baseline, Func<int, Task> candidate)
    {
        var results = await CompareAsync(rounds, workers, duration, [baseline, candidate]);
        return (results[0], results[1]);
    }

    /// <summary>
    /// Round r runs the sides in turn from side r mod n, so every n rounds each side has run once
    /// in each position. The results come back in the order of <paramref name="sides"/>.
    /// </summary>
    public static async Task<IReadOnlyList<LoadResult>> CompareAsync(
        int rounds, int workers, TimeSpan duration, IReadOnlyList<Func<int, Task>> sides)
    {
        var results = sides.Select(_ => new List<LoadResult>()).ToArray();
        for (var round = 0; round < rounds; round++)
        {
            for (var position = 0; position < sides.Count; position++)
            {
                var side = (round + position) % sides.Count;
                results[side].Add(await LoadRun.RunAsync(workers, TimeSpan.FromSeconds(1), duration, sides[side]));
            }
        }

        return [.. results.Select(Combine)];
    }

    /// <summary>Mean throughput; the median round's percentiles (each round's histogram is separate).</summary>
    private static LoadResult Combine(List<LoadResult> results)
    {
        var median = results.OrderBy(r => r.PerSecond).ElementAt(results.Count / 2);
        return new LoadResult(results.Average(r => r.PerSecond), median.Latency);
    }
}
