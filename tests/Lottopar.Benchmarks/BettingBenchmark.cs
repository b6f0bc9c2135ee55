using System.Net;
using System.Net.Http.Json;
using Lottopar.Client;

namespace Lottopar.Benchmarks;

/// <summary>
/// Accepted betting events per second on this machine (PostgreSQL with fsync and synchronous
/// commit), over ten-second slices and a sustained minute (after a settling slice), and latency
/// at 70% of the sustained rate, side by side with the floor: an endpoint that only
/// authenticates, parses the same JSON and inserts one row. The silo runs as its own process
/// (Release); the load comes from the operators' LoadRunner in this process.
/// </summary>
public static class BettingBenchmark
{
    private const string FloorPath = "/benchmarks/betting-events-floor";

    public static async Task RunAsync(TimeSpan duration)
    {
        // The per-key rate limit would cap the measurement, not the platform.
        await using var silo = await BenchSilo.StartAsync(new Dictionary<string, string>
        {
            ["Lottopar__ApiKeys__RequestsPerSecond"] = "1000000",
            ["Lottopar__ApiKeys__Burst"] = "1000000",
        });
        var http = silo.Http;
        var oprid = await silo.Admin.OnboardAsync();
        var key = (await silo.Admin.SendAsync(HttpMethod.Post, $"/admin/operators/{oprid}/api-keys", new { scopes = new[] { "betting-events" } }))
            .GetProperty("key").GetString()!;
        Console.WriteLine($"Silo {silo.Url}, {Environment.ProcessorCount} cores; PostgreSQL: {await silo.PostgresSettingsAsync()}");

        var platform = new LottoparClient(http, key);
        Func<BettingEventRequest, CancellationToken, Task<SendResult>> floor = (request, token) => SendToFloorAsync(http, key, request, token);
        Func<BettingEventRequest, CancellationToken, Task<SendResult>> events = (request, token) => platform.SendBettingEventAsync(request, null, token);

        // One population of players per endpoint, carried from the warm-up through every phase: a
        // sustained load, in which the players of the measurement are the ones already betting.
        var floorPlayers = new BettingEventGenerator(Players, seed: 1);
        var eventPlayers = new BettingEventGenerator(Players, seed: 2);

        // Warm both paths (tiered JIT, prepared statements, connection pools) until the JIT settles.
        var warmUp = LoadPlan.ClosedLoop(64, duration);
        await silo.WarmUpAsync(async () =>
        {
            await RunAsync(floor, floorPlayers, warmUp, "warm-up: floor");
            await RunAsync(events, eventPlayers, warmUp, "warm-up: events");
        });

        // Saturation is the most a path accepts, and a path's best concurrency is its own: the floor
        // (one commit per request) tops out with few requests in flight, while the events path commits
        // many grains' writes together and keeps gaining as more arrive at once. So each endpoint is
        // measured at every level of a sweep and its saturation is its best level. At each level the
        // slices alternate (floor, events; events, floor): this VM's speed drifts by up to 2x within
        // minutes, and neighbouring slices see the same machine.
        var levels = new List<Level>();
        foreach (var inFlight in ConcurrencyLevels)
        {
            var level = new Level(inFlight, [], []);
            for (var round = 1; round <= RoundsPerLevel; round++)
            {
                foreach (var isFloor in round % 2 == 1 ? new[] { true, false } : [false, true])
                {
                    var plan = LoadPlan.ClosedLoop(inFlight, duration);
                    (isFloor ? level.Floor : level.Events).Add(isFloor
                        ? await MeasureAsync(silo, floor, floorPlayers, plan, $"floor saturation, {inFlight} in flight, round {round}")
                        : await MeasureAsync(silo, events, eventPlayers, plan, $"events saturation, {inFlight} in flight, round {round}"));
                }
            }

            levels.Add(level);
        }

        var floorBest = levels.MaxBy(l => Throughput(l.Floor))!;
        var eventsBest = levels.MaxBy(l => Throughput(l.Events))!;
        var floorSaturation = Throughput(floorBest.Floor);
        var eventSaturation = Throughput(eventsBest.Events);

        // A ten-second slice may miss a checkpoint or an autovacuum round (each comes about once a
        // minute under this load). The sustained figure is each endpoint at its best level for a
        // minute and more, slice after slice, with whatever the database does meanwhile. It starts
        // after one settling slice: the other endpoint's minute has just pushed this one's pages
        // out of the buffer cache, and a checkpoint in it makes each page's next change write a
        // full-page image (eighth session; the git history of docs/benchmarks.md). The settling slice is printed too.
        var floorSustained = await SustainAsync(silo, floor, floorPlayers, LoadPlan.ClosedLoop(floorBest.InFlight, duration), "floor");
        var eventsSustained = await SustainAsync(silo, events, eventPlayers, LoadPlan.ClosedLoop(eventsBest.InFlight, duration), "events");

        var floorAt70 = await MeasureAsync(silo, floor, floorPlayers, LoadPlan.OpenLoop(0.7 * Throughput(floorSustained.Slices), duration, maxInFlight: 512), "floor at 70%");
        var eventsAt70 = await MeasureAsync(silo, events, eventPlayers, LoadPlan.OpenLoop(0.7 * Throughput(eventsSustained.Slices), duration, maxInFlight: 512), "events at 70%");

        Console.WriteLine();
        Console.WriteLine("| in flight | floor: accepted/s per slice | /betting-events: accepted/s per slice | floor | /betting-events | events / floor |");
        Console.WriteLine("|---:|---|---|---:|---:|---:|");
        foreach (var level in levels)
        {
            Console.WriteLine(
                $"| {level.InFlight} | {PerSlice(level.Floor)} | {PerSlice(level.Events)} | " +
                $"{Throughput(level.Floor):N0} | {Throughput(level.Events):N0} | {Throughput(level.Events) / Throughput(level.Floor):P0} |");
        }

        // What each accepted request cost, whatever the VM's speed at the time: CPU of the silo, of
        // PostgreSQL and of the load generator (all on the same two cores), and the silo's allocation.
        Console.WriteLine();
        Console.WriteLine("| in flight | endpoint | silo CPU µs | silo KB allocated | PostgreSQL CPU µs | load CPU µs | total CPU µs | PostgreSQL transactions (per accepted request) |");
        Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|---:|");
        foreach (var level in levels)
        {
            PrintCosts(level.InFlight, "floor", level.Floor);
            PrintCosts(level.InFlight, "/betting-events", level.Events);
        }

        Console.WriteLine();
        Console.WriteLine($"Sustained: each endpoint at its best level for {SustainedSlices} slices in a row ({SustainedSlices * duration.TotalSeconds:N0} s), " +
            "after one settling slice that is shown but not counted.");
        Console.WriteLine();
        Console.WriteLine("| endpoint | in flight | settling slice (accepted/s) | accepted/s per slice | sustained (accepted/s) | slowest slice | silo CPU µs | PostgreSQL CPU µs | load CPU µs | total CPU µs | GC pause ms per s: silo / load |");
        Console.WriteLine("|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|");
        PrintSustained("floor", floorBest.InFlight, floorSustained);
        PrintSustained("/betting-events", eventsBest.InFlight, eventsSustained);

        Console.WriteLine();
        Console.WriteLine($"| endpoint | best {duration.TotalSeconds:N0} s level (accepted/s) | best in flight | at 70% of sustained: offered/s | accepted/s | missed | p50 ms | p99 ms | GC pause ms per s: silo / load | refused | transport errors | flags |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        Print("floor: auth + parse + insert one row", floorSaturation, floorBest.InFlight, [.. levels.SelectMany(l => l.Floor).Concat(floorSustained.All)], floorAt70);
        Print("POST /betting-events", eventSaturation, eventsBest.InFlight, [.. levels.SelectMany(l => l.Events).Concat(eventsSustained.All)], eventsAt70);
        Console.WriteLine();
        Console.WriteLine($"POST /betting-events reaches {eventSaturation / floorSaturation:P0} of the floor at each one's best level, " +
            $"{Throughput(eventsSustained.Slices) / Throughput(floorSustained.Slices):P0} sustained. Refusals, transport errors and flags count every phase after the warm-up.");
    }

    /// <summary>A settling slice, then <see cref="SustainedSlices"/> slices of one plan in a row.</summary>
    private static async Task<Sustained> SustainAsync(
        BenchSilo silo, Func<BettingEventRequest, CancellationToken, Task<SendResult>> send, BettingEventGenerator players, LoadPlan plan, string endpoint)
    {
        var settling = await MeasureAsync(silo, send, players, plan, $"{endpoint} sustained, settling slice");
        var slices = new List<Slice>();
        for (var slice = 1; slice <= SustainedSlices; slice++)
        {
            slices.Add(await MeasureAsync(silo, send, players, plan, $"{endpoint} sustained, slice {slice}"));
        }

        return new Sustained(settling, slices);
    }

    /// <summary>An endpoint's sustained run: the slice that settles it after the other endpoint's minute (not counted), then the counted slices.</summary>
    private sealed record Sustained(Slice Settling, IReadOnlyList<Slice> Slices)
    {
        /// <summary>Every slice run, the settling one first.</summary>
        public IEnumerable<Slice> All => Slices.Prepend(Settling);
    }

    /// <summary>One slice of load, with what it cost each process.</summary>
    private static async Task<Slice> MeasureAsync(
        BenchSilo silo, Func<BettingEventRequest, CancellationToken, Task<SendResult>> send, BettingEventGenerator players, LoadPlan plan, string phase)
    {
        var before = await silo.CostsAsync();
        var report = await RunAsync(send, players, plan, phase);
        return new Slice(report, await silo.CostsAsync() - before);
    }

    /// <summary>One concurrency level of the sweep: the saturation slices of each endpoint.</summary>
    private sealed record Level(int InFlight, List<Slice> Floor, List<Slice> Events);

    /// <summary>One slice of load (saturation, sustained or open loop): what the load saw, and what it cost the processes.</summary>
    private sealed record Slice(LoadReport Report, ProcessCosts Costs);

    private static void PrintCosts(int inFlight, string endpoint, IReadOnlyList<Slice> slices)
    {
        var c = PerRequest(slices);
        Console.WriteLine(
            $"| {inFlight} | {endpoint} | {c.SiloCpuUs:N0} | {c.SiloKb:N1} | {c.PostgresCpuUs:N0} | " +
            $"{c.LoadCpuUs:N0} | {c.TotalCpuUs:N0} | {c.PostgresTransactions:N2} |");
    }

    /// <summary>What one accepted request of the slices cost, on average.</summary>
    private static CostPerRequest PerRequest(IReadOnlyList<Slice> slices)
    {
        var accepted = (double)Math.Max(1, slices.Sum(s => s.Report.Accepted));
        var (silo, postgres, load) = (slices.Sum(s => s.Costs.SiloCpuMs), slices.Sum(s => s.Costs.PostgresCpuMs), slices.Sum(s => s.Costs.LoadCpuMs));
        return new CostPerRequest(
            silo * 1000 / accepted,
            slices.Sum(s => s.Costs.SiloAllocatedBytes) / 1024.0 / accepted,
            postgres * 1000 / accepted,
            load * 1000 / accepted,
            slices.Sum(s => s.Costs.PostgresTransactions) / accepted);
    }

    private sealed record CostPerRequest(double SiloCpuUs, double SiloKb, double PostgresCpuUs, double LoadCpuUs, double PostgresTransactions)
    {
        public double TotalCpuUs => SiloCpuUs + PostgresCpuUs + LoadCpuUs;
    }

    /// <summary>Each slice's accepted events per second, in order.</summary>
    private static string PerSlice(IReadOnlyList<Slice> slices) => string.Join(", ", slices.Select(s => $"{s.Report.AcceptedThroughput:N0}"));

    /// <summary>Accepted events per second over every slice together.</summary>
    private static double Throughput(IReadOnlyList<Slice> slices) =>
        slices.Sum(s => s.Report.Accepted) / slices.Sum(s => s.Report.Elapsed.TotalSeconds);

    private static void PrintSustained(string endpoint, int inFlight, Sustained sustained)
    {
        var slices = sustained.Slices;
        var c = PerRequest(slices);
        Console.WriteLine(
            $"| {endpoint} | {inFlight} | {sustained.Settling.Report.AcceptedThroughput:N0} | {PerSlice(slices)} | {Throughput(slices):N0} | " +
            $"{slices.Min(s => s.Report.AcceptedThroughput):N0} | {c.SiloCpuUs:N0} | {c.PostgresCpuUs:N0} | {c.LoadCpuUs:N0} | {c.TotalCpuUs:N0} | {GcPauses(slices)} |");
    }

    /// <summary>Milliseconds per second of the slices that the silo and the load generator stood still for their GC.</summary>
    private static string GcPauses(IReadOnlyList<Slice> slices)
    {
        var seconds = slices.Sum(s => s.Report.Elapsed.TotalSeconds);
        return $"{slices.Sum(s => s.Costs.SiloGcPauseMs) / seconds:N0} / {slices.Sum(s => s.Costs.LoadGcPauseMs) / seconds:N0}";
    }

    /// <param name="closedLoops">Every closed-loop slice after the warm-up (the sweep and the sustained run).</param>
    private static void Print(string name, double saturation, int inFlight, IReadOnlyList<Slice> closedLoops, Slice at70)
    {
        var phases = closedLoops.Append(at70).Select(s => s.Report).ToList();
        var flags = string.Join(", ", phases.SelectMany(p => p.ByFlag).GroupBy(f => f.Key).Select(f => $"{f.Key} {f.Sum(x => x.Value)}"));
        var transport = string.Join(", ", phases.SelectMany(p => p.TransportErrors).GroupBy(e => e.Key).Select(e => $"{e.Key} {e.Sum(x => x.Value)}"));
        var report = at70.Report;
        Console.WriteLine(
            $"| {name} | {saturation:N0} | {inFlight} | {report.Plan.TargetRate:N0} | {report.AcceptedThroughput:N0} | {report.Missed:N0} | " +
            $"{report.Latency.P50Ms:0.0} | {report.Latency.P99Ms:0.0} | {GcPauses([at70])} | {phases.Sum(p => p.Rejected)} | " +
            $"{(transport.Length == 0 ? "0" : transport)} | {(flags.Length == 0 ? "none" : flags)} |");
    }

    /// <summary>Requests in flight at each level of the saturation sweep (closed loops).</summary>
    private static readonly int[] ConcurrencyLevels = [16, 64, 256, 512, 1024];

    /// <summary>Pairs of saturation slices (one of each endpoint) at each level.</summary>
    private const int RoundsPerLevel = 2;

    /// <summary>Slices of the sustained run of each endpoint at its best level.</summary>
    private const int SustainedSlices = 6;

    private static readonly int Players = int.Parse(Environment.GetEnvironmentVariable("LOTTOPAR_BENCH_PLAYERS") ?? "20000", System.Globalization.CultureInfo.InvariantCulture);

    private static Task<LoadReport> RunAsync(
        Func<BettingEventRequest, CancellationToken, Task<SendResult>> send, BettingEventGenerator players, LoadPlan plan, string phase)
    {
        // On standard error, so that a profiler can be aimed at one phase (docs/benchmarks.md).
        Console.Error.WriteLine($"{DateTimeOffset.UtcNow:HH:mm:ss} phase {phase} started");
        return new LoadRunner(players, send).RunAsync(plan);
    }

    private static async Task<SendResult> SendToFloorAsync(HttpClient http, string key, BettingEventRequest request, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        using var message = new HttpRequestMessage(HttpMethod.Post, FloorPath) { Content = JsonContent.Create(request, options: LottoparJson.Options) };
        message.Headers.Add(LottoparClient.ApiKeyHeader, key);
        using var response = await http.SendAsync(message, cancellationToken);
        await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var accepted = response.StatusCode == HttpStatusCode.Created
            ? new BettingEventAccepted { EventId = Guid.Empty, ReceivedAt = DateTimeOffset.UtcNow, BetSlipId = request.BetSlipId }
            : null;
        return new SendResult(response.StatusCode, accepted, null, System.Diagnostics.Stopwatch.GetElapsedTime(started));
    }
}
