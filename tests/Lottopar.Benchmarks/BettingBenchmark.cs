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

        // Warm both paths as long as a measurement (tiered JIT, prepared statements, connection pools).
        await RunAsync(floor, LoadPlan.ClosedLoop(64, duration), seed: 1);
        await RunAsync(events, LoadPlan.ClosedLoop(64, duration), seed: 2);

        var floorSaturation = await RunAsync(floor, LoadPlan.ClosedLoop(64, duration), seed: 3);
        var eventSaturation = await RunAsync(events, LoadPlan.ClosedLoop(64, duration), seed: 4);
        var floorAt70 = await RunAsync(floor, LoadPlan.OpenLoop(0.7 * floorSaturation.AcceptedThroughput, duration, maxInFlight: 512), seed: 5);
        var eventsAt70 = await RunAsync(events, LoadPlan.OpenLoop(0.7 * eventSaturation.AcceptedThroughput, duration, maxInFlight: 512), seed: 6);

        Console.WriteLine();
        Console.WriteLine("| endpoint | saturation (accepted/s, 64 in flight) | at 70%: offered/s | accepted/s | p50 ms | p99 ms | refused | flags |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---|");
        Print("floor: auth + parse + insert one row", floorSaturation, floorAt70);
        Print("POST /betting-events", eventSaturation, eventsAt70);
        Console.WriteLine();
        Console.WriteLine($"POST /betting-events reaches {eventSaturation.AcceptedThroughput / floorSaturation.AcceptedThroughput:P0} of the floor.");
    }

    private static void Print(string name, LoadReport saturation, LoadReport at70)
    {
        var flags = string.Join(", ", at70.ByFlag.Select(f => $"{f.Key} {f.Value}"));
        Console.WriteLine(
            $"| {name} | {saturation.AcceptedThroughput:N0} | {at70.Plan.TargetRate:N0} | {at70.AcceptedThroughput:N0} | " +
            $"{at70.Latency.P50Ms:0.0} | {at70.Latency.P99Ms:0.0} | {saturation.Rejected + at70.Rejected} | {(flags.Length == 0 ? "none" : flags)} |");
    }

    private static readonly int Players = int.Parse(Environment.GetEnvironmentVariable("LOTTOPAR_BENCH_PLAYERS") ?? "20000", System.Globalization.CultureInfo.InvariantCulture);

    private static Task<LoadReport> RunAsync(Func<BettingEventRequest, CancellationToken, Task<SendResult>> send, LoadPlan plan, int seed)
    {
        // On standard error, so that a profiler can be aimed at one phase (docs/benchmarks.md).
        Console.Error.WriteLine($"{DateTimeOffset.UtcNow:HH:mm:ss} phase {seed} started");
        return new LoadRunner(new BettingEventGenerator(Players, seed), send).RunAsync(plan);
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
