using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Lottopar.Client;
using Lottopar.Testing;

namespace Lottopar.Benchmarks;

/// <summary>
/// How long betting stops when a silo dies (kill -9), with a second silo and without. Failover: two
/// silo processes (Release) form one cluster on one database; a population of players bets through
/// both; one silo is killed and every player then bets through the survivor until each has had an
/// event accepted again. Baseline, in the same run: one silo killed and started again, the same
/// players betting through it once it listens. Reported: seconds from the kill to the first accepted
/// event and to the last player's, and the refusals on the way.
/// </summary>
public static class FailoverBenchmark
{
    private const int Rounds = 3;
    private const int Players = 200;
    private const int InFlight = 32;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    public static async Task RunAsync()
    {
        var connectionString = await BenchDatabase.CreateAsync();
        var dataDirectory = Directory.CreateTempSubdirectory("lottopar-bench-failover-").FullName;
        var settings = BenchSilo.ProcessSettings();
        settings["Lottopar__Notifications__Mode"] = "Outbox";
        settings["Lottopar__ApiKeys__RequestsPerSecond"] = "1000000";
        settings["Lottopar__ApiKeys__Burst"] = "1000000";
        var key = await SiloProcess.SeedDemoApiKeyAsync(connectionString, dataDirectory, settings, "Release");
        var players = new BettingEventGenerator(Players, seed: 3);
        Console.WriteLine($"Failover: {Players} players, {InFlight} in flight, {Rounds} rounds of each; the membership's probe settings as deployed (ProbeTimeout 2 s, 3 missed)");

        // Each silo keeps its ports from round to round, as deployed silos do: a silo that comes back
        // on its address and port replaces its dead entry in the membership table at once, where one
        // on new ports would wait for the old entry to be voted dead before it may join. (Disposing a
        // SiloProcess kills it too: the next start on its ports replaces it.)
        var (first, second) = (WithPorts(settings), WithPorts(settings));
        var results = new List<(string Setup, int Round, Recovery Recovery)>();
        for (var round = 1; round <= Rounds; round++)
        {
            results.Add(("one silo, restarted", round, await RestartAsync(connectionString, dataDirectory, first, key, players)));
            results.Add(("two silos, one killed", round, await FailoverAsync(connectionString, dataDirectory, first, second, key, players)));
        }

        Console.WriteLine();
        Console.WriteLine("| set-up | round | first event accepted after the kill (s) | every player accepted again (s) | refusals on the way | transport errors |");
        Console.WriteLine("|---|---:|---:|---:|---|---:|");
        foreach (var (setup, round, r) in results)
        {
            Console.WriteLine($"| {setup} | {round} | {r.First.TotalSeconds:N1} | {r.Last.TotalSeconds:N1} | " +
                $"{(r.Refusals.IsEmpty ? "none" : string.Join(", ", r.Refusals.OrderBy(x => x.Key).Select(x => $"{(int)x.Key} x{x.Value}")))} | {r.TransportErrors} |");
        }

        foreach (var setup in results.Select(r => r.Setup).Distinct())
        {
            var mine = results.Where(r => r.Setup == setup).Select(r => r.Recovery.Last.TotalSeconds).Order().ToList();
            Console.WriteLine($"{setup}: median {mine[mine.Count / 2]:N1} s until every player bets again");
        }
    }

    /// <summary>One silo: players bet through it, it is killed, and they bet through its next process.</summary>
    private static async Task<Recovery> RestartAsync(
        string connectionString, string dataDirectory, Dictionary<string, string> settings, string key, BettingEventGenerator players)
    {
        var silo = await SiloProcess.StartAsync(connectionString, dataDirectory, settings);
        await using (silo)
        {
            await RecoverAsync([Client(silo, key)], players, Stopwatch.StartNew());
            await silo.KillAsync();
        }

        var sinceKill = Stopwatch.StartNew();
        await using var next = await SiloProcess.StartAsync(connectionString, dataDirectory, settings);
        return await RecoverAsync([Client(next, key)], players, sinceKill);
    }

    /// <summary>Two silos: players bet through both, one is killed, and they bet through the survivor.</summary>
    private static async Task<Recovery> FailoverAsync(
        string connectionString, string dataDirectory, Dictionary<string, string> survivorSettings, Dictionary<string, string> victimSettings,
        string key, BettingEventGenerator players)
    {
        await using var survivor = await SiloProcess.StartAsync(connectionString, dataDirectory, survivorSettings);
        var victim = await SiloProcess.StartAsync(connectionString, dataDirectory, victimSettings);
        await ActiveSilosAsync(connectionString, 2);
        await using (victim)
        {
            // Joined when a player's bet goes through each: an event through one silo may well run on the other.
            await RecoverAsync([Client(survivor, key), Client(victim, key)], players, Stopwatch.StartNew());
            await victim.KillAsync();
        }

        var sinceKill = Stopwatch.StartNew();
        var recovery = await RecoverAsync([Client(survivor, key)], players, sinceKill);

        // The survivor stays until it has voted the victim dead: left active in the table, the victim
        // would hold up the next silo that joins.
        await ActiveSilosAsync(connectionString, 1);
        return recovery;
    }

    /// <summary>Players bet, spread over the clients, until each has had an event accepted; when the first and the last were.</summary>
    private static async Task<Recovery> RecoverAsync(IReadOnlyList<LottoparClient> clients, BettingEventGenerator players, Stopwatch sinceKill)
    {
        var accepted = new ConcurrentDictionary<string, TimeSpan>();
        var refusals = new ConcurrentDictionary<HttpStatusCode, int>();
        var transportErrors = 0;
        var sent = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, InFlight), async (_, token) =>
        {
            while (accepted.Count < Players && sinceKill.Elapsed < Patience)
            {
                if (players.Next() is not { } turn)
                {
                    await Task.Delay(10, token);
                    continue;
                }

                var client = clients[Interlocked.Increment(ref sent) % clients.Count];
                var ok = false;
                try
                {
                    var result = await client.SendBettingEventAsync(turn.Request, null, token);
                    ok = result.IsAccepted;
                    if (ok)
                    {
                        accepted.TryAdd(turn.Request.TaxId, sinceKill.Elapsed);
                    }
                    else
                    {
                        refusals.AddOrUpdate(result.StatusCode, 1, (_, n) => n + 1);
                        await Task.Delay(100, token);
                    }
                }
                catch (Exception error) when (error is HttpRequestException or TaskCanceledException && !token.IsCancellationRequested)
                {
                    Interlocked.Increment(ref transportErrors);
                    await Task.Delay(100, token);
                }
                finally
                {
                    turn.Complete(ok);
                }
            }
        });

        return accepted.Count < Players
            ? throw new TimeoutException($"{Players - accepted.Count} players had no event accepted within {Patience}.")
            : new Recovery(accepted.Values.Min(), accepted.Values.Max(), refusals, transportErrors);
    }

    /// <summary>The settings with silo and gateway ports of their own.</summary>
    private static Dictionary<string, string> WithPorts(Dictionary<string, string> settings) => new(settings)
    {
        ["Lottopar__Orleans__SiloPort"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Lottopar__Orleans__GatewayPort"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>Waits until the membership table holds <paramref name="count"/> active silos.</summary>
    private static async Task ActiveSilosAsync(string connectionString, long count)
    {
        await using var dataSource = Npgsql.NpgsqlDataSource.Create(connectionString);
        var waited = Stopwatch.StartNew();
        while (true)
        {
            await using var command = dataSource.CreateCommand("select count(*) from orleans_membership where status = 3");
            if ((long)(await command.ExecuteScalarAsync())! == count)
            {
                return;
            }

            if (waited.Elapsed > Patience)
            {
                throw new TimeoutException("A silo stayed active in the membership table.");
            }

            await Task.Delay(500);
        }
    }

    private static LottoparClient Client(SiloProcess silo, string key) =>
        new(new HttpClient { BaseAddress = new Uri(silo.Url), Timeout = TimeSpan.FromSeconds(30) }, key);

    private sealed record Recovery(TimeSpan First, TimeSpan Last, ConcurrentDictionary<HttpStatusCode, int> Refusals, int TransportErrors);
}
