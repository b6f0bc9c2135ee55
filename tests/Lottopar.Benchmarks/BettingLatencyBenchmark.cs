using Lottopar.Client;

namespace Lottopar.Benchmarks;

/// <summary>
/// Where the latency of POST /betting-events comes from: open loops at rising fractions of the
/// sustained rate, each with the silo's garbage collections, thread pool queue and CPU sampled
/// meanwhile, and the load generator's own GC and CPU (it shares the two cores). A tail that grows
/// with the load while GC pauses stay flat is queueing for CPU; one that is there at 10% is a wait
/// in the path itself.
/// </summary>
public static class BettingLatencyBenchmark
{
    private static readonly double[] Fractions = [0.1, 0.3, 0.5, 0.7];

    public static async Task RunAsync(TimeSpan duration)
    {
        await using var silo = await BenchSilo.StartAsync(new Dictionary<string, string>
        {
            ["Lottopar__ApiKeys__RequestsPerSecond"] = "1000000",
            ["Lottopar__ApiKeys__Burst"] = "1000000",
        });
        var oprid = await silo.Admin.OnboardAsync();
        var key = (await silo.Admin.SendAsync(HttpMethod.Post, $"/admin/operators/{oprid}/api-keys", new { scopes = new[] { "betting-events" } }))
            .GetProperty("key").GetString()!;
        Console.WriteLine($"Silo {silo.Url}, {Environment.ProcessorCount} cores; PostgreSQL: {await silo.PostgresSettingsAsync()}");
        var platform = new LottoparClient(silo.Http, key);
        var players = new BettingEventGenerator(Players, seed: 3);
        Task<LoadReport> Run(LoadPlan plan, string phase)
        {
            Console.Error.WriteLine($"{DateTimeOffset.UtcNow:HH:mm:ss} phase {phase} started");
            return new LoadRunner(players, (request, token) => platform.SendBettingEventAsync(request, null, token)).RunAsync(plan);
        }

        await silo.WarmUpAsync(() => Run(LoadPlan.ClosedLoop(64, duration), "warm-up"));
        await Run(LoadPlan.ClosedLoop(512, duration), "settling");
        var beforeSaturation = await silo.CostsAsync();
        var saturation = await Run(LoadPlan.ClosedLoop(512, duration * 3), "saturation, 512 in flight");
        var saturationCosts = await silo.CostsAsync() - beforeSaturation;
        var rate = saturation.AcceptedThroughput;
        var perEvent = 1000.0 / Math.Max(1, saturation.Accepted);

        Console.WriteLine();
        Console.WriteLine($"Saturation (512 in flight, {3 * duration.TotalSeconds:N0} s): {rate:N0} accepted/s, p50 {saturation.Latency.P50Ms:0.0} ms, p99 {saturation.Latency.P99Ms:0.0} ms; " +
            $"CPU per event: silo {saturationCosts.SiloCpuMs * perEvent:N0} µs, PostgreSQL {saturationCosts.PostgresCpuMs * perEvent:N0} µs, load {saturationCosts.LoadCpuMs * perEvent:N0} µs; " +
            $"silo GC pause {saturationCosts.SiloGcPauseMs / saturation.Elapsed.TotalSeconds:N0} ms per s.");
        Console.WriteLine();
        Console.WriteLine("| load | offered/s | accepted/s | p50 ms | p95 ms | p99 ms | max ms | silo CPU % of a core | load CPU % | PostgreSQL CPU % | silo GCs/s | silo GC pause ms/s | longest silo GC pause ms | silo thread-pool queue (max sampled) | load GC pause ms/s |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var fraction in Fractions)
        {
            using var sampling = new CancellationTokenSource();
            var sampler = SampleAsync(silo, sampling.Token);
            var before = await silo.CostsAsync();
            var report = await Run(LoadPlan.OpenLoop(fraction * rate, duration, maxInFlight: 512), $"{fraction:P0} of saturation");
            var costs = await silo.CostsAsync() - before;
            await sampling.CancelAsync();
            var (queue, longestPause) = await sampler;
            var seconds = report.Elapsed.TotalSeconds;
            var l = report.Latency;
            Console.WriteLine(
                $"| {fraction:P0} | {report.Plan.TargetRate:N0} | {report.AcceptedThroughput:N0} | {l.P50Ms:0.0} | {l.P95Ms:0.0} | {l.P99Ms:0.0} | {l.MaxMs:0.0} | " +
                $"{costs.SiloCpuMs / seconds / 10:N0} | {costs.LoadCpuMs / seconds / 10:N0} | {costs.PostgresCpuMs / seconds / 10:N0} | {costs.SiloCollections / seconds:N1} | " +
                $"{costs.SiloGcPauseMs / seconds:N1} | {longestPause:N1} | {queue} | {costs.LoadGcPauseMs / seconds:N1} |");
        }
    }

    /// <summary>Every 200 ms: the silo's thread-pool queue and its latest GC pause; returns the largest of each.</summary>
    private static async Task<(long Queue, double LongestPauseMs)> SampleAsync(BenchSilo silo, CancellationToken stop)
    {
        var (queue, pause) = (0L, 0.0);
        while (!stop.IsCancellationRequested)
        {
            var metrics = await silo.ProcessMetricsAsync();
            queue = Math.Max(queue, metrics.ThreadPoolQueueLength);
            pause = Math.Max(pause, metrics.LongestRecentGcPauseMs);
            await Task.Delay(200, stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        return (queue, pause);
    }

    private static readonly int Players = int.Parse(Environment.GetEnvironmentVariable("LOTTOPAR_BENCH_PLAYERS") ?? "20000", System.Globalization.CultureInfo.InvariantCulture);
}
