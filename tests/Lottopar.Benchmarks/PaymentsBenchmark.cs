using System.Globalization;
using Lottopar.Client;
using Lottopar.Client.Payments;

namespace Lottopar.Benchmarks;

/// <summary>
/// Payments per second on this machine, each path beside its floor (the same HTTP call answered by an
/// endpoint that stores one row): CPF validations, cash-ins settled end to end through the sandbox PSP
/// (created, paid by the sandbox at once, its webhook, the platform's check at the PSP, read back
/// completed), and cash-outs completed at the PSP. The silo and the sandbox run as their own processes
/// (Release); the load is <c>lottopar load payments</c>'s runner in this process.
/// </summary>
public static class PaymentsBenchmark
{
    /// <summary>What every deposit and payout moves, in centavos.</summary>
    private const long Amount = 1_000;

    /// <summary>The operator's PSP account holds enough for every payout of the run: R$ 100 million.</summary>
    private const long OpeningBalance = 10_000_000_000;

    /// <summary>
    /// Calls in flight on every path (LOTTOPAR_BENCH_IN_FLIGHT): a settled cash-in takes several round
    /// trips between three processes, so 500 a second at a p50 near 100 ms needs about 50 in flight;
    /// 64 is the webSale benchmark's terminal count. Kept the same for every path and its floor.
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
        var paths = new (string Name, PaymentsLoadRunner Runner)[]
        {
            ("floor: POST /cpf/validate", new(floor, PaymentsLoadKind.Cpf, floor: true)),
            ("POST /cpf/validate", new(platform, PaymentsLoadKind.Cpf)),
            ("floor: POST /payments/cash-in", new(floor, PaymentsLoadKind.CashIn, floor: true, Amount)),
            ("cash-in settled end to end", new(platform, PaymentsLoadKind.CashIn, amount: Amount)),
            ("floor: POST /payments/cash-out", new(floor, PaymentsLoadKind.CashOut, floor: true, Amount)),
            ("cash-out completed", new(platform, PaymentsLoadKind.CashOut, amount: Amount)),
        };

        // Every path once per round until the silo's JIT settles: tiered compilation, pools, the PSP's token and TLS connections.
        await silo.WarmUpAsync(async () =>
        {
            foreach (var (name, runner) in paths)
            {
                await RunAsync(runner, LoadPlan.ClosedLoop(InFlight, TimeSpan.FromSeconds(2)), $"warm-up: {name}");
            }
        });

        var slices = new List<Slice>();
        foreach (var (name, runner) in paths)
        {
            var (siloBefore, sandboxBefore) = (await silo.CostsAsync(), sandbox.CpuMilliseconds);
            var report = await RunAsync(runner, LoadPlan.ClosedLoop(InFlight, duration), name);
            slices.Add(new Slice(name, report, await silo.CostsAsync() - siloBefore, sandbox.CpuMilliseconds - sandboxBefore));
        }

        Console.WriteLine();
        Console.WriteLine($"| path | succeeded/s ({InFlight} in flight) | of its floor | p50 ms | p99 ms | CPU µs per success: silo / sandbox / PostgreSQL / load | status reads per cash-in | failed |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---|");
        for (var i = 0; i < slices.Count; i++)
        {
            var (name, report, costs, sandboxCpuMs) = slices[i];
            var ofFloor = report.Floor ? "" : $"{report.Throughput / slices[i - 1].Report.Throughput:P0}";
            var succeeded = Math.Max(1, report.Succeeded) / 1000.0; // CPU milliseconds per success, in µs
            var cpu = $"{costs.SiloCpuMs / succeeded:N0} / {sandboxCpuMs / succeeded:N0} / {costs.PostgresCpuMs / succeeded:N0} / {costs.LoadCpuMs / succeeded:N0}";
            var reads = report.Polls > 0 ? $"{report.Polls / (double)report.Sent:0.0}" : "";
            var failed = report.Failed == 0 ? "none" : string.Join(", ", report.Failures.OrderByDescending(f => f.Value).Select(f => $"{f.Key}: {f.Value:N0}"));
            Console.WriteLine($"| {name} | {report.Throughput:N0} | {ofFloor} | {report.Latency.P50Ms:0.0} | {report.Latency.P99Ms:0.0} | {cpu} | {reads} | {failed} |");
        }
    }

    /// <summary>One path's measured run and what it cost each process.</summary>
    private sealed record Slice(string Name, PaymentsLoadReport Report, ProcessCosts Costs, double SandboxCpuMs);

    /// <summary>
    /// The floor on, the sandbox's tax registry, and every rate limit that would cap the measurement
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

    /// <summary>An operator whose sandbox PSP account pays every charge at once and notifies the silo, and its API key (scopes payments and cpf).</summary>
    private static async Task<string> PrepareOperatorAsync(BenchSilo silo, BenchSandbox sandbox)
    {
        var oprid = await silo.Admin.OnboardAsync();
        var psp = await sandbox.NewPspAccountAsync($"Operadora {oprid}", autoPayAfterMs: 0, OpeningBalance);
        await silo.Admin.SendAsync(HttpMethod.Put, $"/admin/operators/{oprid}/psp", new
        {
            baseUrl = psp.BaseUrl, clientId = psp.ClientId, clientSecret = psp.ClientSecret, chave = psp.Chave,
            clientCertificatePem = psp.ClientCertificatePem, clientKeyPem = psp.ClientKeyPem, serverCaPem = psp.ServerCaPem,
            webhookUrl = $"{silo.Url}/pix/webhook/{oprid}",
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
