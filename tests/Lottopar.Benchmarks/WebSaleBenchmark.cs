using Lottopar.Client;
using Lottopar.Client.WebSale;

namespace Lottopar.Benchmarks;

/// <summary>
/// Lottery tickets per second on this machine (PostgreSQL with fsync and synchronous commit):
/// every terminal selling on one hot draw, then spread over every draw, each side by side with the
/// baseline: the same request read the same way and the same frame parsed against the same
/// catalog, then stored as one row, without provider checks, quotas or the turn grain. The silo
/// runs as its own process (Release); the load is the operators' PosLoadRunner in this process.
/// </summary>
public static class WebSaleBenchmark
{
    private const int ProviderCode = 42;
    private const int Terminals = 64;

    public static async Task RunAsync(TimeSpan duration)
    {
        await using var silo = await BenchSilo.StartAsync();
        var http = silo.Http;
        var terminals = await PrepareAsync(silo.Admin);
        Console.WriteLine($"Silo {silo.Url}, {Environment.ProcessorCount} cores, {Terminals} terminals; PostgreSQL: {await silo.PostgresSettingsAsync()}");

        var platform = new PosClient(http, new Uri(silo.Url));
        var floor = new PosClient(http, new Uri(new Uri(silo.Url), "/benchmarks/websale-floor/"));
        var hot = new PosSaleGenerator(["01"]);
        var spread = new PosSaleGenerator(DefaultDraws.Codes);

        // Warm both paths (tiered JIT, prepared statements, pools, the turn grains' activation).
        await RunAsync(floor, hot, terminals, LoadPlan.ClosedLoop(Terminals, duration), seed: 1);
        await RunAsync(platform, spread, terminals, LoadPlan.ClosedLoop(Terminals, duration), seed: 2);

        var rows = new List<(string Name, PosLoadReport Saturation, PosLoadReport At70)>();
        foreach (var (name, client, sales, seed) in new[]
        {
            ("baseline: parse + insert one row (one draw)", floor, hot, 10),
            ("webSale sale, every terminal on draw 01", platform, hot, 20),
            ("webSale sale, spread over the 9 draws", platform, spread, 30),
        })
        {
            var saturation = await RunAsync(client, sales, terminals, LoadPlan.ClosedLoop(Terminals, duration), seed);
            var at70 = await RunAsync(client, sales, terminals, LoadPlan.OpenLoop(0.7 * saturation.TicketThroughput, duration, maxInFlight: Terminals), seed + 1);
            rows.Add((name, saturation, at70));
        }

        Console.WriteLine();
        Console.WriteLine($"| path | saturation (tickets/s, {Terminals} terminals) | at 70%: offered/s | tickets/s | p50 ms | p99 ms | refused |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---|");
        foreach (var (name, saturation, at70) in rows)
        {
            var refused = string.Join(", ", saturation.ByRefusalCode.Concat(at70.ByRefusalCode).GroupBy(c => c.Key).Select(g => $"code {g.Key}: {g.Sum(c => c.Value)}"));
            Console.WriteLine(
                $"| {name} | {saturation.TicketThroughput:N0} | {at70.Plan.TargetRate:N0} | {at70.TicketThroughput:N0} | " +
                $"{at70.Latency.P50Ms:0.0} | {at70.Latency.P99Ms:0.0} | {(refused.Length == 0 ? "none" : refused)} |");
        }
    }

    private static Task<PosLoadReport> RunAsync(PosClient client, PosSaleGenerator sales, IReadOnlyList<PosIdentity> terminals, LoadPlan plan, int seed)
    {
        Console.Error.WriteLine($"{DateTimeOffset.UtcNow:HH:mm:ss} phase {seed} started");
        return new PosLoadRunner(terminals, sales, client, seed).RunAsync(plan);
    }

    /// <summary>A provider allowing 127.0.0.1 with its terminals, and draws open until 23:58 (<see cref="BenchLottery.KeepDrawsOpenAsync"/>).</summary>
    private static async Task<IReadOnlyList<PosIdentity>> PrepareAsync(BenchAdmin admin)
    {
        var oprid = await admin.OnboardAsync();
        await admin.SendAsync(HttpMethod.Put, $"/admin/operators/{oprid}/lottery-provider", new { providerCode = $"{ProviderCode}", allowedIps = new[] { "127.0.0.1", "::1" }, enabled = true });
        var terminals = LoadTerminals.Create(ProviderCode, Terminals, firstPos: 1000, serialPrefix: "ZLOAD");
        await BenchLottery.RegisterTerminalsAsync(admin, oprid, terminals);
        await BenchLottery.KeepDrawsOpenAsync(admin);
        return terminals;
    }
}
