using Lottopar.Providers.PostgreSql.Metrics;
using Xunit;

namespace Lottopar.Providers.Tests.Unit;

public sealed class ProcessMetricsTests
{
    [Fact]
    public void ACollectionIsCountedAndItsPauseAddedToTheTotal()
    {
        var before = ProcessMetrics.Capture();

        GC.Collect(2, GCCollectionMode.Forced, blocking: true);
        var after = ProcessMetrics.Capture();

        Assert.True(after.Gen2Collections > before.Gen2Collections);
        Assert.True(after.Gen0Collections >= after.Gen2Collections, "every gen 2 collection also collects gen 0");
        Assert.True(after.GcPauseTotalMs > before.GcPauseTotalMs, $"total pause {before.GcPauseTotalMs} -> {after.GcPauseTotalMs}");
        // The longest recent pause is not asserted: it reads the last collection of each kind, which
        // another test's collection on another thread may have replaced in between (seen once in CI).
        Assert.True(after.HeapBytes > 0, $"heap {after.HeapBytes}");
        Assert.True(after.ThreadPoolThreads > 0, $"threads {after.ThreadPoolThreads}");
    }

    [Fact]
    public void AllocationAndCpuTimeAreCountedAsTheProcessWorks()
    {
        var before = ProcessMetrics.Capture();

        // Work that allocates 10,000 arrays of 8 KB (80 MB) and fills them.
        var checksum = 0L;
        for (var n = 0; n < 10_000; n++)
        {
            var block = new long[1024];
            for (var i = 0; i < block.Length; i++)
            {
                block[i] = i ^ n;
            }

            checksum += block[n % block.Length];
        }

        var after = ProcessMetrics.Capture();

        Assert.NotEqual(0, checksum);
        Assert.True(after.AllocatedBytes - before.AllocatedBytes >= 80_000_000, $"allocated {before.AllocatedBytes} -> {after.AllocatedBytes}");
        Assert.True(after.CpuTimeMs > before.CpuTimeMs, $"CPU time {before.CpuTimeMs} -> {after.CpuTimeMs} ms");
    }

    [Fact]
    public void TheJitFiguresGrowWhenNewCodeIsCompiled()
    {
        var before = ProcessMetrics.Capture();

        // A dynamic method is compiled on its first call, whatever ran before in this process.
        var method = new System.Reflection.Emit.DynamicMethod("FortyTwo", typeof(int), Type.EmptyTypes);
        var il = method.GetILGenerator();
        il.Emit(System.Reflection.Emit.OpCodes.Ldc_I4, 42);
        il.Emit(System.Reflection.Emit.OpCodes.Ret);
        Assert.Equal(42, ((Func<int>)method.CreateDelegate(typeof(Func<int>)))());
        var after = ProcessMetrics.Capture();

        Assert.True(after.JitCompiledMethods > before.JitCompiledMethods, $"methods {before.JitCompiledMethods} -> {after.JitCompiledMethods}");
        Assert.True(after.JitCompilationMs > before.JitCompilationMs, $"compilation {before.JitCompilationMs} -> {after.JitCompilationMs} ms");
    }
}
