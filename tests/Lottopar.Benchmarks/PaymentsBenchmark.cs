using System.Globalization;
using Lottopar.Client;
using Lottopar.Client.Payments;

namespace Lottopar.Benchmarks;

/// <summary>
/// Payments per second on this machine, each path beside its floor (the same HTTP call answered by an
/// endpoint that stores one row): CPF validations, cash-ins settled end to end through the sandbox PSP
/// (created, paid by the sandbox at once, its webhook over mutual TLS, the platform's check at the
/// PSP, read back completed), and cash-outs completed at the PSP. The silo and the sandbox run as their
/// own processes (Release); the load is <c>lottopar load payments</c>'s runner in this process.
/// </summary>
public static class PaymentsBenchmark
{
    /// <summary>What every deposit and payout moves, in centavos.</summary>
    private const long Amount = 1_000;

    /// <summary>The operator's PSP account holds enough for every payout of the run: R$ 100 million.</summary>
    private const long OpeningBalance = 10_000_000_000;

    /// <summary>
    /// Calls in flight on every path and its floor (LOTTOPAR_BENCH_IN_FLIGHT): a settled cash-in takes
    /// several round trips between three processes, so 500 a second at a p50 near 100 ms needs about
    /// 50 in flight; 64 is the webSale benchmark's terminal count. Past the point where the two cores are
    /// busy, more in flight only adds queueing: the CPU per success printed says where that point is.
    /// </summary>
    private static readonly int InFlight = int.Parse(Environment.GetEnvironmentVariable("LOTTOPAR_BENCH_IN_FLIGHT") ?? "64", CultureInfo.InvariantCulture);

    public static async Task RunAsync(TimeSpan duration)
    {
        await using var sandbox = await BenchSandbox.StartAsync();
        await using var silo = await BenchSilo.StartAsync(SiloSettings(sandbox));
        var key = await PrepareOperatorAsync(silo, sandbox);
        Console.WriteLine($"Silo {silo.Url}, sandbox {sandbox.Url} (API Pix {sandbox.PspUrl}), {Environment.ProcessorCount} cores, {InFlight} in flight; PostgreSQL: {await silo.PostgresSettingsAsync()}");

        using var floorHttp = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = PaymentsLoadRunner.FloorAddress(new Uri(silo.Url)),
            Timeout = TimeSpan.FromSeconds(60),
        };
        var platform = new LottoparClient(silo.Http, key);
        var floor = new LottoparClient(floorHttp, key);
        var paths = new PathBesideFloor[]
        {
            new("POST /cpf/validate", new(floor, PaymentsLoadKind.Cpf, floor: true), new(platform, PaymentsLoadKind.Cpf)),
            new("cash-in, settled end to end", new(floor, PaymentsLoadKind.CashIn, floor: true, Amount), new(platform, PaymentsLoadKind.CashIn, amount: Amount)),
            new("cash-out, completed", new(floor, PaymentsLoadKind.CashOut, floor: true, Amount), new(platform, PaymentsLoadKind.CashOut, amount: Amount)),
        };

        // Every path and floor once per round until the silo's JIT settles: tiered compilation, pools, the PSP's token and TLS connections.
        await silo.WarmUpAsync(async () =>
        {
            foreach (var path in paths)
            {
                await RunAsync(path.Floor, LoadPlan.ClosedLoop(InFlight, TimeSpan.FromSeconds(2)), $"warm-up: floor of {path.Name}");
                await RunAsync(path.Platform, LoadPlan.ClosedLoop(InFlight, TimeSpan.FromSeconds(2)), $"warm-up: {path.Name}");
            }
        });

        // Each path right after its floor: neighbouring slices see the same machine.
        var rows = new List<(string Name, Slice Floor, Slice Platform)>();
        foreach (var path in paths)
        {
            var floorSlice = await MeasureAsync(silo, sandbox, path.Floor, duration, $"floor of {path.Name}");
            rows.Add((path.Name, floorSlice, await MeasureAsync(silo, sandbox, path.Platform, duration, path.Name)));
        }

        Console.WriteLine();
        Console.WriteLine($"| path ({InFlight} in flight) | floor/s | path/s | of the floor | floor p50 / p99 ms | p50 / p99 ms | " +
            "floor CPU µs per call: silo / sandbox / PostgreSQL / load | CPU µs per success: silo / sandbox / PostgreSQL / load | failed |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var (name, floorSlice, slice) in rows)
        {
            var failures = floorSlice.Report.Failures.Select(f => ("floor: " + f.Key, f.Value)).Concat(slice.Report.Failures.Select(f => (f.Key, f.Value))).ToList();
            var failed = failures.Count == 0 ? "none" : string.Join(", ", failures.OrderByDescending(f => f.Value).Select(f => $"{f.Item1}: {f.Value:N0}"));
            Console.WriteLine(
                $"| {name} | {floorSlice.Report.Throughput:N0} | {slice.Report.Throughput:N0} | {slice.Report.Throughput / floorSlice.Report.Throughput:P0} | " +
                $"{Percentiles(floorSlice.Report)} | {Percentiles(slice.Report)} | {floorSlice.CpuPerSuccess()} | {slice.CpuPerSuccess()} | {failed} |");
        }

        var cashIns = rows[1].Platform.Report;
        Console.WriteLine();
        Console.WriteLine($"Status reads (GET /payments/{{id}} every {PaymentsLoadRunner.PollInterval.TotalMilliseconds:0} ms) per settled cash-in: {cashIns.Polls / (double)Math.Max(1, cashIns.Succeeded):0.00}.");
    }

    /// <summary>A path measured beside its floor: the same calls, the floor's runner and the platform's.</summary>
    private sealed record PathBesideFloor(string Name, PaymentsLoadRunner Floor, PaymentsLoadRunner Platform);

    /// <summary>One measured run and what it cost each process.</summary>
    private sealed record Slice(PaymentsLoadReport Report, ProcessCosts Costs, double SandboxCpuMs)
    {
        /// <summary>"silo / sandbox / PostgreSQL / load" CPU µs per success.</summary>
        public string CpuPerSuccess()
        {
            var thousands = Math.Max(1, Report.Succeeded) / 1000.0; // CPU milliseconds per success, in µs
            return $"{Costs.SiloCpuMs / thousands:N0} / {SandboxCpuMs / thousands:N0} / {Costs.PostgresCpuMs / thousands:N0} / {Costs.LoadCpuMs / thousands:N0}";
        }
    }

    private static string Percentiles(PaymentsLoadReport report) => $"{report.Latency.P50Ms:0.0} / {report.Latency.P99Ms:0.0}";

    private static async Task<Slice> MeasureAsync(BenchSilo silo, BenchSandbox sandbox, PaymentsLoadRunner runner, TimeSpan duration, string phase)
    {
        var (siloBefore, sandboxBefore) = (await silo.CostsAsync(), sandbox.CpuMilliseconds);
        var report = await RunAsync(runner, LoadPlan.ClosedLoop(InFlight, duration), phase);
        return new Slice(report, await silo.CostsAsync() - siloBefore, sandbox.CpuMilliseconds - sandboxBefore);
    }

    /// <summary>
    /// The floor on, the sandbox's tax registry and webhook certificates, and every rate limit that would cap the measurement
    /// rather than the platform: per key, CPF checks per operator, PSP webhooks per address.
    /// </summary>
    private static Dictionary<string, string> SiloSettings(BenchSandbox sandbox)
    {
        var settings = sandbox.PlatformSettings;
        settings["Lottopar__ApiKeys__RequestsPerSecond"] = "1000000";
        settings["Lottopar__ApiKeys__Burst"] = "1000000";
        settings["Lottopar__Cpf__ChecksPerMinutePerOperator"] = "100000000";
        settings["Lottopar__Payments__WebhookRequestsPerMinutePerAddress"] = "100000000";
        return settings;
    }

    /// <summary>An operator whose sandbox PSP account pays every charge at once and notifies the silo's webhook port, and its API key (scopes payments and cpf).</summary>
    private static async Task<string> PrepareOperatorAsync(BenchSilo silo, BenchSandbox sandbox)
    {
        var oprid = await silo.Admin.OnboardAsync();
        var psp = await sandbox.NewPspAccountAsync($"Operadora {oprid}", autoPayAfterMs: 0, OpeningBalance);
        await silo.Admin.SendAsync(HttpMethod.Put, $"/admin/operators/{oprid}/psp", new
        {
            baseUrl = psp.BaseUrl, clientId = psp.ClientId, clientSecret = psp.ClientSecret, chave = psp.Chave,
            clientCertificatePem = psp.ClientCertificatePem, clientKeyPem = psp.ClientKeyPem, serverCaPem = psp.ServerCaPem,
            webhookUrl = $"{sandbox.PlatformWebhookUrl}/pix/webhook/{oprid}",
        });
        return (await silo.Admin.SendAsync(HttpMethod.Post, $"/admin/operators/{oprid}/api-keys", new { scopes = new[] { "payments", "cpf" } }))
            .GetProperty("key").GetString()!;
    }

    private static Task<PaymentsLoadReport> RunAsync(PaymentsLoadRunner runner, LoadPlan plan, string phase)
    {
        // On standard error, so that a profiler can be aimed at one phase.
        Console.Error.WriteLine($"{DateTimeOffset.UtcNow:HH:mm:ss} phase {phase} started");
        return runner.RunAsync(plan);
    }
}
