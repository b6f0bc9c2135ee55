using System.Runtime;

namespace Lottopar.Providers.PostgreSql.Metrics;

/// <summary>
/// The .NET process under the grains: garbage collections and their pauses, the thread pool and
/// lock contention. A latency spike that the database does not explain usually shows up here.
/// Cumulative since the process started, like the rest of the snapshot. The JIT figures show when
/// tiered compilation has settled after a start: until then the process runs slower code and
/// spends CPU compiling (a benchmark warms up until they stop moving). The bytes allocated and the
/// CPU time used, divided by the requests served between two snapshots, are the process's cost per
/// request (the benchmarks print them).
/// </summary>
public sealed record ProcessMetrics(
    bool ServerGc,
    long Gen0Collections,
    long Gen1Collections,
    long Gen2Collections,
    double GcPauseTotalMs,
    double LongestRecentGcPauseMs,
    long HeapBytes,
    int ThreadPoolThreads,
    long ThreadPoolQueueLength,
    long LockContentions,
    long JitCompiledMethods,
    double JitCompilationMs,
    long AllocatedBytes,
    double CpuTimeMs)
{
    public static ProcessMetrics Capture()
    {
        // The last collection of each kind; their longest pause is the worst the process saw lately.
        var recentPause = new[] { GCKind.Ephemeral, GCKind.FullBlocking, GCKind.Background }
            .SelectMany(kind => GC.GetGCMemoryInfo(kind).PauseDurations.ToArray())
            .DefaultIfEmpty(TimeSpan.Zero)
            .Max();
        return new ProcessMetrics(
            GCSettings.IsServerGC,
            GC.CollectionCount(0),
            GC.CollectionCount(1),
            GC.CollectionCount(2),
            GC.GetTotalPauseDuration().TotalMilliseconds,
            recentPause.TotalMilliseconds,
            GC.GetTotalMemory(forceFullCollection: false),
            ThreadPool.ThreadCount,
            ThreadPool.PendingWorkItemCount,
            Monitor.LockContentionCount,
            System.Runtime.JitInfo.GetCompiledMethodCount(),
            System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds,
            GC.GetTotalAllocatedBytes(precise: false),
            Environment.CpuUsage.TotalTime.TotalMilliseconds);
    }
}
