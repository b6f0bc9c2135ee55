using Lottopar.Client;
using Npgsql;

namespace Lottopar.Benchmarks;

/// <summary>
/// What the integrity module costs the betting path, and how fast it judges: the same load on a silo
/// with the module off and one with it on (every rule as shipped), in alternating order; at a fixed
/// 1,000 events/s open loop, the answers' p50/p99 and, with the module on, how long after an event
/// was received its alert was raised (1% of the events carry a bonus: <c>bonus_bet</c>); then each
/// silo's saturation (closed loop); last, a backtest of <c>player_stake_limit</c> over the history
/// the on-silo received.
/// </summary>
public static class IntegrityBenchmark
{
    private const double OpenLoopRate = 1_000;
    private const int BonusEvery = 100;
    private const int InFlight = 512;
    private const int SaturationSlices = 3;

    public static async Task RunAsync(TimeSpan duration)
    {
        var runs = new List<Run>();
        foreach (var on in new[] { false, true, true, false })
        {
            runs.Add(await RunOnceAsync(on, duration, backtest: on && runs.Any(r => r.On)));
        }

        Console.WriteLine();
        Console.WriteLine("| integrity | round | backlog of the warm-up judged in (s) | open loop offered/s | accepted/s | p50 / p99 ms | alerts raised / bonus events | alert latency p50 / p99 / max ms | saturation accepted/s (512 in flight) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (run, round) in runs.Select((r, i) => (r, (i / 2) + 1)))
        {
            var latency = run.AlertLatencies.Count == 0 ? "–" : $"{Percentile(run.AlertLatencies, 0.50):N0} / {Percentile(run.AlertLatencies, 0.99):N0} / {run.AlertLatencies.Max():N0}";
            Console.WriteLine(
                $"| {(run.On ? "on" : "off")} | {round} | {(run.On ? run.CaughtUp is { } c ? $"{c.TotalSeconds:N0}" : "> 600" : "–")} | {run.Open.Plan.TargetRate:N0} | {run.Open.AcceptedThroughput:N0} | {run.Open.Latency.P50Ms:0.0} / {run.Open.Latency.P99Ms:0.0} | " +
                $"{(run.On ? $"{run.AlertLatencies.Count} / {run.BonusEvents}" : "–")} | {latency} | {run.Saturation:N0} |");
        }

        var off = runs.Where(r => !r.On).ToList();
        var with = runs.Where(r => r.On).ToList();
        Console.WriteLine();
        Console.WriteLine($"Saturation with integrity on: {with.Average(r => r.Saturation) / off.Average(r => r.Saturation):P0} of off (mean of the rounds); " +
            $"p99 at {OpenLoopRate:N0}/s: {with.Average(r => r.Open.Latency.P99Ms):0.0} ms on, {off.Average(r => r.Open.Latency.P99Ms):0.0} ms off.");
        if (runs.LastOrDefault(r => r.Backtest is not null)?.Backtest is { } backtest)
        {
            Console.WriteLine($"Backtest of player_stake_limit over the on-silo's history: {backtest}");
        }
    }

    private static async Task<Run> RunOnceAsync(bool on, TimeSpan duration, bool backtest)
    {
        await using var silo = await BenchSilo.StartAsync(new Dictionary<string, string>
        {
            ["Lottopar__ApiKeys__RequestsPerSecond"] = "1000000",
            ["Lottopar__ApiKeys__Burst"] = "1000000",
            ["Lottopar__Integrity__Enabled"] = on ? "true" : "false",
        });
        var oprid = await silo.Admin.OnboardAsync();
        var key = (await silo.Admin.SendAsync(HttpMethod.Post, $"/admin/operators/{oprid}/api-keys", new { scopes = new[] { "betting-events" } })).GetProperty("key").GetString()!;
        var client = new LottoparClient(silo.Http, key);
        var players = new BettingEventGenerator(20_000, seed: on ? 3 : 4);
        var bonusEvents = 0L;
        var sequence = 0L;
        Func<BettingEventRequest, CancellationToken, Task<SendResult>> plain = (request, token) => client.SendBettingEventAsync(request, null, token);
        Func<BettingEventRequest, CancellationToken, Task<SendResult>> withBonuses = (request, token) =>
        {
            if (Interlocked.Increment(ref sequence) % BonusEvery == 0 && request.Event == "new_bet")
            {
                Interlocked.Increment(ref bonusEvents);
                request = request with { BonusAmount = Math.Min(500, request.TotalStake) };
            }

            return client.SendBettingEventAsync(request, null, token);
        };
        var started = DateTimeOffset.UtcNow;

        await silo.WarmUpAsync(() => Phase(plain, players, LoadPlan.ClosedLoop(64, duration), $"integrity {(on ? "on" : "off")}: warm-up"));
        TimeSpan? caughtUp = on ? await CatchUpAsync(client, silo.ConnectionString) : null;
        var openFrom = DateTimeOffset.UtcNow;
        var open = await Phase(withBonuses, players, LoadPlan.OpenLoop(OpenLoopRate, duration, maxInFlight: InFlight), $"integrity {(on ? "on" : "off")}: open loop");
        var latencies = on ? await AlertLatenciesAsync(silo.ConnectionString, openFrom, Interlocked.Read(ref bonusEvents)) : [];

        var slices = new List<LoadReport>();
        for (var slice = 0; slice < SaturationSlices; slice++)
        {
            slices.Add(await Phase(plain, players, LoadPlan.ClosedLoop(InFlight, duration), $"integrity {(on ? "on" : "off")}: saturation {slice + 1}"));
        }

        string? backtestResult = null;
        if (backtest)
        {
            var result = await silo.Admin.SendAsync(HttpMethod.Post, "/admin/integrity/rules/player_stake_limit/backtest", new { from = started, to = DateTimeOffset.UtcNow.AddMinutes(1) });
            backtestResult = $"{result.GetProperty("eventsRead").GetInt64():N0} events read in {result.GetProperty("seconds").GetDouble():N1} s, " +
                $"{result.GetProperty("eventsPerSecond").GetDouble():N0} events/s, {result.GetProperty("findings").GetInt64():N0} findings";
        }

        return new Run(on, open, Interlocked.Read(ref bonusEvents), latencies, slices.Sum(s => s.Accepted) / slices.Sum(s => s.Elapsed.TotalSeconds), backtestResult, caughtUp);
    }

    /// <summary>
    /// After the warm-up's burst at saturation, the module still has its backlog to judge: one bet
    /// with a bonus from a player of its own, and the time until its alert is raised, tell when it has
    /// caught up (at most 10 minutes).
    /// </summary>
    private static async Task<TimeSpan?> CatchUpAsync(LottoparClient client, string connectionString)
    {
        var started = DateTimeOffset.UtcNow;
        var probe = new BettingEventGenerator(1, seed: Environment.TickCount);
        await new LoadRunner(probe, (request, token) => client.SendBettingEventAsync(request with { BonusAmount = Math.Min(500, request.TotalStake) }, null, token))
            .RunAsync(LoadPlan.ClosedLoop(1, maxEvents: 1));
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        while (DateTimeOffset.UtcNow - started < TimeSpan.FromMinutes(10))
        {
            await using var command = dataSource.CreateCommand("""
                select count(*) from integrity_alerts a join betting_events e on e.event_id = (a.view->'evidence'->0->>'id')::uuid
                where a.rule_id = 'bonus_bet' and e.received_at >= $1
                """);
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = started.ToUniversalTime() });
            if ((long)(await command.ExecuteScalarAsync())! > 0)
            {
                return DateTimeOffset.UtcNow - started;
            }

            await Task.Delay(250);
        }

        return null;
    }

    /// <summary>
    /// From each bonus event's receipt to its alert's first finding, in ms, for the alerts each opened
    /// (the first evidence of a <c>bonus_bet</c> alert is the event that opened it); waited for until
    /// every bonus event has its alert, no new one came for 10 s (two bonuses of one player make one alert), or 120 s.
    /// </summary>
    private static async Task<List<double>> AlertLatenciesAsync(string connectionString, DateTimeOffset from, long bonusEvents)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var deadline = DateTimeOffset.UtcNow.AddSeconds(120);
        var (latencies, stableSince) = (new List<double>(), DateTimeOffset.UtcNow);
        while (latencies.Count < bonusEvents && DateTimeOffset.UtcNow < deadline && (latencies.Count == 0 || DateTimeOffset.UtcNow - stableSince < TimeSpan.FromSeconds(10)))
        {
            await Task.Delay(500);
            var found = new List<double>();
            await using var command = dataSource.CreateCommand("""
                select extract(epoch from (a.first_at - e.received_at)) * 1000
                from integrity_alerts a join betting_events e on e.event_id = (a.view->'evidence'->0->>'id')::uuid
                where a.rule_id = 'bonus_bet' and e.received_at >= $1
                """);
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = from.ToUniversalTime() });
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                found.Add(Convert.ToDouble(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture));
            }

            if (found.Count != latencies.Count)
            {
                (latencies, stableSince) = (found, DateTimeOffset.UtcNow);
            }
        }

        return latencies;
    }

    private static double Percentile(IReadOnlyList<double> values, double quantile)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(quantile * sorted.Count) - 1)];
    }

    private static Task<LoadReport> Phase(Func<BettingEventRequest, CancellationToken, Task<SendResult>> send, BettingEventGenerator players, LoadPlan plan, string phase)
    {
        Console.Error.WriteLine($"{DateTimeOffset.UtcNow:HH:mm:ss} phase {phase} started");
        return new LoadRunner(players, send).RunAsync(plan);
    }

    private sealed record Run(bool On, LoadReport Open, long BonusEvents, IReadOnlyList<double> AlertLatencies, double Saturation, string? Backtest, TimeSpan? CaughtUp);
}
