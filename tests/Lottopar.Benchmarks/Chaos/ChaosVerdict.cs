using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Lottopar.GrainInterfaces.Lottery;
using Npgsql;

namespace Lottopar.Benchmarks.Chaos;

/// <summary>
/// The end of a deploy/chaos.sh run: every request of the load is sent again with its key (a bet
/// with its Idempotency-Key and body, a sale with its POS and invoice number) until the platform gives
/// a final answer, then PostgreSQL is read and the table printed. Non-zero when anything acknowledged
/// is missing, anything is stored twice, a number sold beyond its quota, a silo other than the killed
/// incarnation was declared dead, the survivor never voted, or a request never got a final answer.
/// </summary>
internal static class ChaosVerdict
{
    private const int InFlight = 32;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    /// <param name="load">Every attempt of the load, retries included.</param>
    public static async Task<int> RunAsync(HttpClient http, ChaosState state, List<ChaosRequest> load, ChaosKill kill, string logs)
    {
        var requests = load.GroupBy(r => r.Id).Select(g => g.First()).ToList();
        Console.WriteLine($"chaos: re-sending all {requests.Count:N0} requests with their keys, then reading PostgreSQL");
        var resender = new ChaosSender(http, state);
        var resendStarted = ChaosRequest.NowMs();
        var deadline = DateTimeOffset.UtcNow + Patience;
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = InFlight },
            async (request, token) => await resender.UntilFinalAsync(request, deadline, token));
        var resendSeconds = (ChaosRequest.NowMs() - resendStarted) / 1000.0;
        var resent = resender.Attempts.ToList();

        await using var database = NpgsqlDataSource.Create(ChaosCommand.ConnectionString());
        var attempts = new Attempts(load.ToLookup(r => r.Id), load.Concat(resent).ToLookup(r => r.Id),
            resent.GroupBy(r => r.Id).ToDictionary(g => g.Key, g => g.MaxBy(r => r.SentAtMs)!));
        var bets = await BettingRowAsync(database, state, requests, attempts);
        var sales = await SalesRowAsync(database, state, requests, attempts);
        var silos = await SiloIncarnation.ReadAllAsync(database);
        var victim = kill.Victim;
        var wronglyDead = silos.Where(s => s.Status == SiloIncarnation.Dead && !s.IsSameProcess(victim)
            && !state.SilosBefore.Any(b => b.IsSameProcess(s) && b.Status == SiloIncarnation.Dead)).ToList();
        var victimDead = silos.Any(s => s.IsSameProcess(victim) && s.Status == SiloIncarnation.Dead);
        var suspected = silos.Where(s => !s.IsSameProcess(victim) && s.Status != SiloIncarnation.Dead && !string.IsNullOrEmpty(s.SuspectTimes)).ToList();

        var everything = load.Concat(resent).ToList();
        Console.WriteLine();
        Console.WriteLine("| | requests | 2xx | stored | lost | duplicates | tickets over quota | kill → next success on a moved grain (s) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        Console.WriteLine(Row("betting events", bets, "–", FirstSuccessAfterRefusal(everything, ChaosKind.Bet, kill.KilledAtMs)));
        Console.WriteLine(Row("webSale sales", sales, $"{sales.OverQuota:N0}", FirstTurnAnswer(everything, kill.KilledAtMs)));
        Console.WriteLine();
        Console.WriteLine($"silos wrongly declared dead: {wronglyDead.Count}{string.Concat(wronglyDead.Select(s => $" ({s.Address}:{s.Port}@{s.Generation})"))}; " +
            $"the killed one, {victim.Address}:{victim.Port}@{victim.Generation}, {(victimDead ? "is dead" : "is NOT dead")}: " +
            $"voted dead {(kill.DeadAfter is { } dead ? $"{dead:0.0} s" : "never, within 90 s,")} after the kill, started again and ready {kill.ReadyAfter:0.0} s after it");
        Console.WriteLine($"suspicions of live silos: {(suspected.Count == 0 ? "none" : string.Join("; ", suspected.Select(s => $"{s.Address}:{s.Port}@{s.Generation}: {s.SuspectTimes}")))}");
        Console.WriteLine(ProbeReport(logs));
        Console.WriteLine($"answers during the load (every attempt): betting events {Tally(load, ChaosKind.Bet)}; sales {Tally(load, ChaosKind.Sale)}");
        Console.WriteLine($"re-sent with the same keys in {resendSeconds:0.0} s, final answers: betting events {Tally(attempts.Final.Values, ChaosKind.Bet)}; " +
            $"sales {Tally(attempts.Final.Values, ChaosKind.Sale)}");

        var failures = new List<string>();
        Add(failures, bets.Lost + sales.Lost, "lost");
        Add(failures, bets.Duplicates + sales.Duplicates, "stored twice");
        Add(failures, sales.OverQuota, "tickets over quota");
        Add(failures, wronglyDead.Count, "silos wrongly declared dead");
        Add(failures, victimDead && kill.DeadAfter is not null ? 0 : 1, "killed silo not voted dead by the survivor");
        Add(failures, bets.Unsettled + sales.Unsettled, "requests without a final answer after the re-send");
        Console.WriteLine(failures.Count == 0 ? "verdict: PASS" : $"verdict: FAIL ({string.Join(", ", failures)})");
        return failures.Count == 0 ? 0 : 1;
    }

    private static async Task<KindRow> BettingRowAsync(
        NpgsqlDataSource database, ChaosState state, List<ChaosRequest> requests, Attempts attempts)
    {
        var storedIds = new HashSet<string>(StringComparer.Ordinal);
        var byNaturalKey = new Dictionary<(string Slip, string Event, long EventDate), int>();
        await using (var command = database.CreateCommand("select event_id::text, bet_slip_id, event, event_date from betting_events where oprid = $1"))
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = state.Oprid });
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                storedIds.Add(reader.GetString(0));
                var key = (reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3).ToUnixTimeMilliseconds());
                byNaturalKey[key] = byNaturalKey.GetValueOrDefault(key) + 1;
            }
        }

        var row = new KindRow();
        foreach (var request in requests.Where(r => r.Kind == ChaosKind.Bet))
        {
            var count = byNaturalKey.GetValueOrDefault(NaturalKey(request.Body));
            row = row.Add(
                acknowledgedInLoad: attempts.InLoad[request.Id].Any(a => a.IsAcknowledged),
                stored: count > 0,
                lost: attempts.Acknowledgements(request.Id).Count(id => !storedIds.Contains(id)),
                duplicate: count > 1,
                unsettled: !attempts.Final[request.Id].IsFinal);
        }

        return row;
    }

    /// <summary>What identifies a betting event without its Idempotency-Key: slip, event, event_date.</summary>
    private static (string, string, long) NaturalKey(string body)
    {
        var json = JsonNode.Parse(body)!;
        return (json["bet_slip_id"]!.GetValue<string>(), json["event"]!.GetValue<string>(),
            DateTimeOffset.Parse(json["event_date"]!.GetValue<string>(), CultureInfo.InvariantCulture).ToUnixTimeMilliseconds());
    }

    private static async Task<KindRow> SalesRowAsync(
        NpgsqlDataSource database, ChaosState state, List<ChaosRequest> requests, Attempts attempts)
    {
        var tickets = new List<(string Number, int Pos, string Invoice, bool Cancelled, JsonArray Lines)>();
        await using (var command = database.CreateCommand("""
            select ticket_number, pos_code, invoice_number, status, lines::text from lottery_tickets where provider_code = $1 order by id
            """))
        {
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = state.ProviderCode });
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tickets.Add((reader.GetString(0), reader.GetInt32(1), reader.GetString(2), reader.GetString(3) == "cancelled", JsonNode.Parse(reader.GetString(4))!.AsArray()));
            }
        }

        var byInvoice = tickets.ToLookup(t => (t.Pos, t.Invoice));
        var row = new KindRow();
        foreach (var request in requests.Where(r => r.Kind == ChaosKind.Sale))
        {
            var rows = byInvoice[(request.PosCode, request.Key)].ToList();
            row = row.Add(
                acknowledgedInLoad: attempts.InLoad[request.Id].Any(a => a.IsAcknowledged),
                stored: rows.Count > 0,
                lost: attempts.Acknowledgements(request.Id).Count(number => rows.All(t => t.Number != number)),
                duplicate: rows.Count > 1,
                unsettled: !attempts.Final[request.Id].IsFinal);
        }

        // In commit order, each number's running total of what was sold: a ticket that takes it past the quota is over quota.
        var sold = new Dictionary<(string Draw, string Type, string Number), long>();
        var overQuota = 0;
        foreach (var ticket in tickets.Where(t => !t.Cancelled))
        {
            var over = false;
            foreach (var line in ticket.Lines.Select(l => l!))
            {
                var key = (line["drawCode"]!.GetValue<string>(), TypeName(line["type"]!), line["number"]!.GetValue<string>());
                sold[key] = sold.GetValueOrDefault(key) + line["soldCents"]!.GetValue<long>();
                over |= key.Item1 == state.HotDraw && sold[key] > state.QuotaOf(key.Item2);
            }

            overQuota += over ? 1 : 0;
        }

        return row with { OverQuota = overQuota };
    }

    /// <summary>A stored line's number type, written as its name or its value (1 triple, 2 terminal).</summary>
    private static string TypeName(JsonNode type) =>
        type.GetValueKind() == JsonValueKind.Number ? ((NumberType)type.GetValue<int>()).ToString() : type.GetValue<string>();

    /// <summary>
    /// A bet refused on an attempt sent after the kill had a grain on the dead silo (its player's, its
    /// slip's, or the operator's): the first creation of such a bet, sent again with its key, from the kill.
    /// </summary>
    private static double? FirstSuccessAfterRefusal(IReadOnlyList<ChaosRequest> attempts, ChaosKind kind, long killedAt)
    {
        var afterKill = attempts.Where(r => r.Kind == kind && r.SentAtMs >= killedAt).ToList();
        var refused = afterKill.Where(r => !r.IsAcknowledged).Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        return afterKill.Where(r => r.IsAcknowledged && refused.Contains(r.Id)).Select(r => (double?)(r.AnsweredAtMs - killedAt) / 1000).Min();
    }

    /// <summary>Every sale calls the hot draw's turn grain, which lived on the killed silo: its first answer to a sale sent after the kill.</summary>
    private static double? FirstTurnAnswer(IReadOnlyList<ChaosRequest> attempts, long killedAt) =>
        attempts.Where(r => r.TurnAnswered && r.SentAtMs >= killedAt).Select(r => (double?)(r.AnsweredAtMs - killedAt) / 1000).Min();

    /// <summary>
    /// What the silos' logs say of their probes. Failures in a row at one target make a run; a run
    /// that reaches refused connections is the killed process (a probe in flight at the kill may time
    /// out first); the timeouts of the other runs met a live silo too slow to answer, busy or stalled.
    /// A probe Orleans treated as inconclusive timed out while the prober itself was stalled.
    /// NumMissedProbesLimit failures in a row make the target suspected.
    /// </summary>
    private static string ProbeReport(string logs)
    {
        var missed = new Regex(@"Did not get response for probe #\d+ to silo (S\S+) after [\d:.]+\. Current number of consecutive failed probes is (\d+) (\S+)", RegexOptions.CultureInvariant);
        var inconclusive = new Regex(@"Probe #\d+ to silo S\S+ failed after [\d:.]+, but local execution stalled", RegexOptions.CultureInvariant);
        int busyTimeouts = 0, longestBusyRun = 0, killedProbes = 0, stalled = 0;
        foreach (var file in Directory.EnumerateFiles(logs, "silo-*.log"))
        {
            var runs = new Dictionary<string, List<bool>>(StringComparer.Ordinal);
            void Finish(List<bool> run)
            {
                if (run.Contains(false))
                {
                    killedProbes += run.Count;
                }
                else
                {
                    busyTimeouts += run.Count;
                    longestBusyRun = Math.Max(longestBusyRun, run.Count);
                }
            }

            foreach (var line in File.ReadLines(file))
            {
                if (missed.Match(line) is { Success: true } miss)
                {
                    var target = miss.Groups[1].Value;
                    if (miss.Groups[2].Value == "1" && runs.Remove(target, out var finished))
                    {
                        Finish(finished);
                    }

                    // true: timed out (cancelled); false: refused or rejected.
                    runs.TryAdd(target, []);
                    runs[target].Add(miss.Groups[3].Value.Contains("Canceled", StringComparison.Ordinal));
                }
                else if (inconclusive.IsMatch(line))
                {
                    stalled++;
                }
            }

            foreach (var run in runs.Values)
            {
                Finish(run);
            }
        }

        return $"membership probes of live silos that timed out: {busyTimeouts} (at most {longestBusyRun} in a row; 3 make a silo suspected); " +
            $"inconclusive (the prober stalled): {stalled}; failed probes of the killed silo: {killedProbes}";
    }

    private static string Row(string name, KindRow row, string overQuota, double? moved) =>
        $"| {name} | {row.Requests:N0} | {row.Acknowledged:N0} | {row.Stored:N0} | {row.Lost:N0} | {row.Duplicates:N0} | {overQuota} | " +
        $"{(moved is { } seconds ? seconds.ToString("0.0", CultureInfo.InvariantCulture) : "–")} |";

    private static string Tally(IEnumerable<ChaosRequest> attempts, ChaosKind kind) =>
        string.Join(", ", attempts.Where(r => r.Kind == kind).GroupBy(r => r.Outcome).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} x{g.Count():N0}"));

    private static void Add(List<string> failures, int count, string what)
    {
        if (count > 0)
        {
            failures.Add($"{what}: {count}");
        }
    }

    /// <param name="InLoad">Each request's attempts during the load.</param>
    /// <param name="All">Each request's attempts, the load's and the re-send's.</param>
    /// <param name="Final">Each request's last attempt of the re-send.</param>
    private sealed record Attempts(ILookup<string, ChaosRequest> InLoad, ILookup<string, ChaosRequest> All, Dictionary<string, ChaosRequest> Final)
    {
        /// <summary>The event ids or ticket numbers the platform gave the request, in any attempt.</summary>
        public IEnumerable<string> Acknowledgements(string id) => All[id].Where(a => a.IsAcknowledged).Select(a => a.Answer!).Distinct(StringComparer.Ordinal);
    }

    /// <param name="Acknowledged">Created (201) or sold (a ticket) during the load: the "2xx" column.</param>
    /// <param name="Stored">Requests that exist in PostgreSQL after the re-send.</param>
    /// <param name="Lost">Acknowledgements (during the load or the re-send) with nothing stored behind them.</param>
    /// <param name="Duplicates">Requests stored more than once.</param>
    /// <param name="Unsettled">Requests still without a final answer when the re-send gave up.</param>
    private sealed record KindRow(int Requests = 0, int Acknowledged = 0, int Stored = 0, int Lost = 0, int Duplicates = 0, int OverQuota = 0, int Unsettled = 0)
    {
        public KindRow Add(bool acknowledgedInLoad, bool stored, int lost, bool duplicate, bool unsettled) => new(
            Requests + 1, Acknowledged + (acknowledgedInLoad ? 1 : 0), Stored + (stored ? 1 : 0), Lost + lost,
            Duplicates + (duplicate ? 1 : 0), OverQuota, Unsettled + (unsettled ? 1 : 0));
    }
}
