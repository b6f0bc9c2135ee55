using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Lottopar.Client;
using Lottopar.Client.WebSale;
using Npgsql;

namespace Lottopar.Benchmarks.Chaos;

/// <summary>
/// The load and the checks of deploy/chaos.sh, in one process: prepares the platform the script
/// started (terminals, a catalog open until 23:58, the hot draw's quota), sends betting events and
/// webSale sales through the proxy, and a third into the load asks the script to kill the silo that
/// hosts the hot draw's turn grain; then re-sends everything and prints the verdict
/// (<see cref="ChaosVerdict"/>). The script manages the processes: this one says on standard output
/// when ("kill PORT", then "dead SECONDS" once the survivor has voted, or "dead never") and reads
/// on standard input when the script did it ("killed UNIX-MS", "ready UNIX-MS" once the silo is
/// back). Everything else it prints is for the reader. The database is the silos' own,
/// <c>ConnectionStrings__Lottopar</c>, which the script exports as it does for the silos.
/// </summary>
internal static class ChaosCommand
{
    /// <summary>The draw every sale plays: León A (turn 1), triples and terminals.</summary>
    private const string HotDraw = "01";
    private const int FirstPos = 2000;
    private const string SerialPrefix = "ZCHAOS";
    private const string TurnGrainClass = "LotteryTurnGrain";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    public static async Task<int> RunAsync(string[] args)
    {
        var options = ChaosOptions.Parse(args);
        using var http = Http(options.Text("url"));
        var (state, admin) = await PrepareAsync(http, options);

        var sender = new ChaosSender(http, state);
        var loadStarted = new TaskCompletionSource();
        var voted = new TaskCompletionSource();
        using var stop = new CancellationTokenSource();
        var duration = TimeSpan.FromSeconds(options.Number("seconds", 60));
        var load = LoadAsync(sender, state, options, duration, loadStarted, stop.Token);
        var kill = KillAsync(state, admin, duration, loadStarted.Task, voted);
        await EndLoadAsync(duration, Task.WhenAny(voted.Task, kill), stop);
        await Task.WhenAll(load, kill);
        return await ChaosVerdict.RunAsync(http, state, [.. sender.Attempts.OrderBy(r => r.SentAtMs)], await kill, options.Text("logs"));
    }

    /// <summary>
    /// Ends the load after <paramref name="duration"/>, and not before a third of it has passed since
    /// the vote on the killed silo: on a slow machine the kill comes late, and the run must still see
    /// the survivor serve the moved grains under load.
    /// </summary>
    private static async Task EndLoadAsync(TimeSpan duration, Task voted, CancellationTokenSource stop)
    {
        var started = Stopwatch.StartNew();
        await voted;
        var votedAt = started.Elapsed;
        var end = duration > votedAt + duration / 3 ? duration : votedAt + duration / 3;
        await Task.Delay(end - started.Elapsed > TimeSpan.Zero ? end - started.Elapsed : TimeSpan.Zero);
        await stop.CancelAsync();
    }

    /// <summary>Terminals of the demonstration provider, draws open until 23:58, the hot draw's quota; the membership table as it stands.</summary>
    private static async Task<(ChaosState State, BenchAdmin Admin)> PrepareAsync(HttpClient http, ChaosOptions options)
    {
        var secrets = Path.Combine(options.Text("data"), "secrets");
        var demo = EnvFile(Path.Combine(secrets, "demo-operator.env"));
        var admin = await BenchAdmin.SignInAsync(http, EnvFile(Path.Combine(secrets, "first-admin.env")));
        var provider = int.Parse(demo["LOTTOPAR_DEMO_PROVIDER"], CultureInfo.InvariantCulture);
        var terminals = LoadTerminals.Create(provider, options.Number("terminals", 16), FirstPos, SerialPrefix);
        await BenchLottery.RegisterTerminalsAsync(admin, demo["LOTTOPAR_DEMO_OPRID"], terminals);
        await BenchLottery.KeepDrawsOpenAsync(admin);
        var quota = options.Number("quota", 100);
        await admin.SendAsync(HttpMethod.Put, $"/admin/lottery/draws/{HotDraw}/quota", new { triple = quota, terminal = quota });

        await using var database = NpgsqlDataSource.Create(ConnectionString());
        var silos = await SiloIncarnation.ReadAllAsync(database);
        var active = silos.Count(s => s.Status == SiloIncarnation.Active);
        if (active != 2)
        {
            throw new InvalidOperationException($"Expected two active silos in the membership table, found {active}.");
        }

        Console.WriteLine($"chaos: {terminals.Count} terminals registered; draw {HotDraw} open until 23:58, {quota} centavos per number");
        var state = new ChaosState(options.Text("url"), demo["LOTTOPAR_DEMO_OPRID"], demo["LOTTOPAR_DEMO_API_KEY"], provider, FirstPos, terminals.Count,
            SerialPrefix, HotDraw, quota, quota, options.Number("amount", 30), silos);
        return (state, admin);
    }

    /// <summary>
    /// Betting events (a closed loop of <c>workers</c>, or an open loop at <c>rate</c> a second) and
    /// webSale sales (each terminal one sale at a time, or <c>rate</c> a second) side by side until
    /// <paramref name="stop"/>. A request without a final answer (no answer, 502, 503, a sale's code 0)
    /// is sent again with its key until it has one or the load stops, as an operator's client would.
    /// A request in flight when the load stops is answered, not abandoned: every attempt is recorded.
    /// </summary>
    private static async Task LoadAsync(
        ChaosSender sender, ChaosState state, ChaosOptions options, TimeSpan duration, TaskCompletionSource started, CancellationToken stop)
    {
        var rate = options.Number("rate", 0);
        var workers = options.Number("workers", 64);
        var players = new BettingEventGenerator(options.Number("players", 2000), seed: Environment.TickCount);
        // A new request starts only while the load lasts (the runners' token follows stop); one started
        // is sent to the end, without the token, so that no attempt goes unrecorded.
        var bets = new LoadRunner(players, async (request, token) =>
        {
            token.ThrowIfCancellationRequested();
            var bet = new ChaosRequest(ChaosKind.Bet, Guid.NewGuid().ToString(), JsonSerializer.Serialize(request, LottoparJson.Options), 0, request.TaxId, 0, 0, 0, null);
            while (true)
            {
                var (attempt, result) = await sender.BetAsync(bet, CancellationToken.None);
                if (attempt.IsFinal || stop.IsCancellationRequested)
                {
                    return result ?? throw new HttpRequestException("No answer, up to the end of the load.");
                }

                await ChaosSender.DelayBeforeRetryAsync(CancellationToken.None);
            }
        });
        var sales = new PosLoadRunner(state.PosTerminals, new PosSaleGenerator([state.HotDraw], state.SaleAmountCents), async (sale, token) =>
        {
            token.ThrowIfCancellationRequested();
            var request = new ChaosRequest(ChaosKind.Sale, sale.InvoiceNumber, sale.Frame, sale.Pos.PosCode, "", 0, 0, 0, null);
            while (true)
            {
                var (attempt, answer) = await sender.SaleAsync(request, CancellationToken.None);
                if (attempt.TurnAnswered)
                {
                    started.TrySetResult();
                }

                if (attempt.IsFinal || stop.IsCancellationRequested)
                {
                    return answer ?? throw new HttpRequestException("No answer, up to the end of the load.");
                }

                await ChaosSender.DelayBeforeRetryAsync(CancellationToken.None);
            }
        }, seed: Environment.TickCount);

        Console.WriteLine($"chaos: load for {duration.TotalSeconds:0} s or more: " +
            (rate > 0 ? $"{rate} betting events/s and {rate} sales/s offered" : $"full load, {workers} betting workers and {state.Terminals} terminals in closed loops"));
        // The plans' own end is only a bound: the load ends when stop fires.
        var bound = duration * 2 + Patience * 2;
        var betPlan = rate > 0 ? LoadPlan.OpenLoop(rate, bound, maxInFlight: workers) : LoadPlan.ClosedLoop(workers, bound);
        var salePlan = rate > 0 ? LoadPlan.OpenLoop(rate, bound, maxInFlight: state.Terminals) : LoadPlan.ClosedLoop(state.Terminals, bound);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(bets.RunAsync(betPlan, null, stop), sales.RunAsync(salePlan, null, stop));
        started.TrySetResult();
        var seconds = clock.Elapsed.TotalSeconds;
        var sent = sender.Attempts.GroupBy(a => a.Id).Select(g => g.First()).CountBy(a => a.Kind).ToDictionary();
        var (betsSent, salesSent) = (sent.GetValueOrDefault(ChaosKind.Bet), sent.GetValueOrDefault(ChaosKind.Sale));
        Console.WriteLine($"chaos: load done after {seconds:0} s: {betsSent:N0} betting events, {salesSent:N0} sales ({betsSent / seconds:N0} and {salesSent / seconds:N0} a second)");
    }

    /// <summary>
    /// A third into the load (counted from the first sale the turn grain answered): finds the silo
    /// hosting that grain, has the script kill it, watches the membership table until the survivor
    /// has voted it dead, and has the script start it again.
    /// </summary>
    private static async Task<ChaosKill> KillAsync(ChaosState state, BenchAdmin admin, TimeSpan duration, Task loadStarted, TaskCompletionSource voted)
    {
        await loadStarted;
        await Task.Delay(duration / 3);
        var port = await LocateAsync(admin);
        var victim = state.SilosBefore.Single(s => s.Port == port && s.Status == SiloIncarnation.Active);
        await using var database = NpgsqlDataSource.Create(ConnectionString());
        await SiloIncarnation.ReadAllAsync(database);

        Say($"kill {port}");
        var killedAt = await HearAsync("killed");
        double? deadAfter = null;
        var watched = Stopwatch.StartNew();
        while (watched.Elapsed < Patience)
        {
            if ((await SiloIncarnation.ReadAllAsync(database)).Any(s => s.IsSameProcess(victim) && s.Status == SiloIncarnation.Dead))
            {
                deadAfter = (ChaosRequest.NowMs() - killedAt) / 1000.0;
                break;
            }

            await Task.Delay(100);
        }

        voted.TrySetResult();
        Say(deadAfter is { } seconds ? $"dead {seconds.ToString("0.0", CultureInfo.InvariantCulture)}" : "dead never");
        var readyAt = await HearAsync("ready");
        return new ChaosKill(victim, killedAt, deadAfter, (readyAt - killedAt) / 1000.0);
    }

    /// <summary>The Orleans silo port of the silo hosting the hot draw's turn grain, from the dashboard's activations per grain class and silo.</summary>
    private static async Task<int> LocateAsync(BenchAdmin admin)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < Patience)
        {
            var counters = await admin.SendAsync(HttpMethod.Get, "/dashboard/DashboardCounters");
            var hosts = counters.GetProperty("simpleGrainStats").EnumerateArray()
                .Where(s => s.GetProperty("grainType").GetString()!.Contains(TurnGrainClass, StringComparison.Ordinal) && s.GetProperty("activationCount").GetInt32() > 0)
                .Select(s => s.GetProperty("siloAddress").GetString()!)
                .Distinct()
                .ToList();
            if (hosts.Count == 1)
            {
                // "127.0.0.1:11111@123456789"
                return int.Parse(hosts[0].Split('@')[0].Split(':')[^1], CultureInfo.InvariantCulture);
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"No single silo hosted the {TurnGrainClass} within {Patience.TotalSeconds} s.");
    }

    /// <summary>A line of the protocol with the script, on standard output.</summary>
    private static void Say(string line)
    {
        Console.Out.WriteLine(line);
        Console.Out.Flush();
    }

    /// <summary>The Unix milliseconds of the script's next "<paramref name="word"/> MS" line on standard input.</summary>
    private static async Task<long> HearAsync(string word)
    {
        var line = await Console.In.ReadLineAsync() ?? throw new InvalidOperationException($"deploy/chaos.sh closed the protocol before '{word}'.");
        var parts = line.Split(' ');
        return parts.Length == 2 && parts[0] == word
            ? long.Parse(parts[1], CultureInfo.InvariantCulture)
            : throw new InvalidOperationException($"Expected '{word} MS' from deploy/chaos.sh, read '{line}'.");
    }

    public static HttpClient Http(string url) =>
        new(new SocketsHttpHandler { MaxConnectionsPerServer = 512, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = new Uri(url),
            Timeout = TimeSpan.FromSeconds(60),
        };

    public static string ConnectionString() =>
        Environment.GetEnvironmentVariable("ConnectionStrings__Lottopar")
        ?? throw new InvalidOperationException("ConnectionStrings__Lottopar is not set: deploy/chaos.sh exports the silos' connection string.");

    /// <summary>NAME=value lines, as run.sh writes its secrets (values possibly in single quotes).</summary>
    private static Dictionary<string, string> EnvFile(string path) =>
        File.ReadAllLines(path).Where(l => l.Contains('=', StringComparison.Ordinal)).Select(l => l.Split('=', 2))
            .ToDictionary(p => p[0], p => p[1].Trim().Trim('\''));
}

/// <summary>The kill: which incarnation, when (Unix ms), and seconds from it until the vote and until the silo was back.</summary>
internal sealed record ChaosKill(SiloIncarnation Victim, long KilledAtMs, double? DeadAfter, double ReadyAfter);

/// <summary><c>--name value</c> pairs.</summary>
internal sealed class ChaosOptions(Dictionary<string, string> values)
{
    public static ChaosOptions Parse(IEnumerable<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        string? name = null;
        foreach (var arg in args)
        {
            if (name is null)
            {
                name = arg.StartsWith("--", StringComparison.Ordinal) ? arg[2..] : throw new ArgumentException($"Expected --name, found '{arg}'.");
            }
            else
            {
                values[name] = arg;
                name = null;
            }
        }

        return name is null ? new ChaosOptions(values) : throw new ArgumentException($"--{name} has no value.");
    }

    public string Text(string name) => values.TryGetValue(name, out var value) ? value : throw new ArgumentException($"--{name} is required.");

    public int Number(string name, int fallback) =>
        values.TryGetValue(name, out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;
}
