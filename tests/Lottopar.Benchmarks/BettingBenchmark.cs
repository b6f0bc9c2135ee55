using System.Net;
using System.Net.Http.Json;
using Lottopar.Client;

namespace Lottopar.Benchmarks;

/// <summary>
/// Accepted betting events per second on this machine (PostgreSQL with fsync and synchronous
/// commit), and latency at 70% of saturation, side by side with the floor: an endpoint that only
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
                    var before = await silo.CostsAsync();
                    var report = isFloor
                        ? await RunAsync(floor, floorPlayers, plan, $"floor saturation, {inFlight} in flight, round {round}")
                        : await RunAsync(events, eventPlayers, plan, $"events saturation, {inFlight} in flight, round {round}");
                    (isFloor ? level.Floor : level.Events).Add(new Slice(report, await silo.CostsAsync() - before));
                }
            }

            levels.Add(level);
        }

        var floorBest = levels.MaxBy(l => Throughput(l.Floor))!;
        var eventsBest = levels.MaxBy(l => Throughput(l.Events))!;
        var floorSaturation = Throughput(floorBest.Floor);
        var eventSaturation = Throughput(eventsBest.Events);
        var floorAt70 = await RunAsync(floor, floorPlayers, LoadPlan.OpenLoop(0.7 * floorSaturation, duration, maxInFlight: 512), "floor at 70%");
        var eventsAt70 = await RunAsync(events, eventPlayers, LoadPlan.OpenLoop(0.7 * eventSaturation, duration, maxInFlight: 512), "events at 70%");

        Console.WriteLine();
        Console.WriteLine("| in flight | floor: accepted/s per slice | /betting-events: accepted/s per slice | floor | /betting-events | events / floor |");
        Console.WriteLine("|---:|---|---|---:|---:|---:|");
        foreach (var level in levels)
        {
            Console.WriteLine(
                $"| {level.InFlight} | {string.Join(", ", level.Floor.Select(s => $"{s.Report.AcceptedThroughput:N0}"))} | " +
                $"{string.Join(", ", level.Events.Select(s => $"{s.Report.AcceptedThroughput:N0}"))} | " +
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
        Console.WriteLine("| endpoint | saturation (accepted/s) | best in flight | at 70%: offered/s | accepted/s | p50 ms | p99 ms | refused | flags |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---|");
        Print("floor: auth + parse + insert one row", floorSaturation, floorBest.InFlight, levels.SelectMany(l => l.Floor).Select(s => s.Report), floorAt70);
        Print("POST /betting-events", eventSaturation, eventsBest.InFlight, levels.SelectMany(l => l.Events).Select(s => s.Report), eventsAt70);
        Console.WriteLine();
        Console.WriteLine($"POST /betting-events reaches {eventSaturation / floorSaturation:P0} of the floor (each at its best concurrency).");
    }

    /// <summary>One concurrency level of the sweep: the saturation slices of each endpoint.</summary>
    private sealed record Level(int InFlight, List<Slice> Floor, List<Slice> Events);

    /// <summary>One saturation slice: what the load saw, and what it cost the processes.</summary>
    private sealed record Slice(LoadReport Report, ProcessCosts Costs);

    private static void PrintCosts(int inFlight, string endpoint, IReadOnlyList<Slice> slices)
    {
        var accepted = (double)Math.Max(1, slices.Sum(s => s.Report.Accepted));
        var costs = slices.Select(s => s.Costs).ToList();
        var (silo, allocated, postgres, load) = (costs.Sum(c => c.SiloCpuMs), costs.Sum(c => c.SiloAllocatedBytes), costs.Sum(c => c.PostgresCpuMs), costs.Sum(c => c.LoadCpuMs));
        Console.WriteLine(
            $"| {inFlight} | {endpoint} | {silo * 1000 / accepted:N0} | {allocated / 1024.0 / accepted:N1} | {postgres * 1000 / accepted:N0} | " +
            $"{load * 1000 / accepted:N0} | {(silo + postgres + load) * 1000 / accepted:N0} | {costs.Sum(c => c.PostgresTransactions) / accepted:N2} |");
    }

    /// <summary>Accepted events per second over every slice together.</summary>
    private static double Throughput(IReadOnlyList<Slice> slices) =>
        slices.Sum(s => s.Report.Accepted) / slices.Sum(s => s.Report.Elapsed.TotalSeconds);

    private static void Print(string name, double saturation, int inFlight, IEnumerable<LoadReport> slices, LoadReport at70)
    {
        var flags = string.Join(", ", at70.ByFlag.Select(f => $"{f.Key} {f.Value}"));
        Console.WriteLine(
            $"| {name} | {saturation:N0} | {inFlight} | {at70.Plan.TargetRate:N0} | {at70.AcceptedThroughput:N0} | " +
            $"{at70.Latency.P50Ms:0.0} | {at70.Latency.P99Ms:0.0} | {slices.Sum(s => s.Rejected) + at70.Rejected} | {(flags.Length == 0 ? "none" : flags)} |");
    }

    /// <summary>Requests in flight at each level of the saturation sweep (closed loops).</summary>
    private static readonly int[] ConcurrencyLevels = [16, 64, 256, 512, 1024];

    /// <summary>Pairs of saturation slices (one of each endpoint) at each level.</summary>
    private const int RoundsPerLevel = 2;

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
