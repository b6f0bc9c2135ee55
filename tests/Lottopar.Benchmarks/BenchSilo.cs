using System.Text.Json;
using Lottopar.Providers.PostgreSql.Metrics;
using Lottopar.Testing;

namespace Lottopar.Benchmarks;

/// <summary>
/// The silo under test of an HTTP benchmark: a fresh database, the silo as its own process
/// (Release, Production, logging at Warning, the floor endpoints mapped), an HTTP client with
/// room for the load, and the first admin signed in.
/// </summary>
internal sealed class BenchSilo : IAsyncDisposable
{
    private readonly SiloProcess _process;
    private PostgresCpu? _postgres;

    private BenchSilo(SiloProcess process, HttpClient http, BenchAdmin admin, string connectionString)
    {
        _process = process;
        Http = http;
        Admin = admin;
        ConnectionString = connectionString;
    }

    public HttpClient Http { get; }

    public BenchAdmin Admin { get; }

    public string ConnectionString { get; }

    public string Url => _process.Url;

    /// <param name="extraSettings">Environment settings of the silo beyond the defaults (e.g. rate limits).</param>
    public static async Task<BenchSilo> StartAsync(IReadOnlyDictionary<string, string>? extraSettings = null)
    {
        var connectionString = await BenchDatabase.CreateAsync();
        var dataDirectory = Directory.CreateTempSubdirectory("lottopar-bench-silo-").FullName;
        var settings = ProcessSettings();
        settings["Lottopar__Notifications__Mode"] = "Deliver";
        settings["Lottopar__Benchmarks__FloorEndpoint"] = "true";
        foreach (var (key, value) in (extraSettings ?? new Dictionary<string, string>()).Concat(ExperimentSettings()))
        {
            settings[key] = value;
        }

        var secrets = (await SiloProcess.RunCommandAsync(connectionString, dataDirectory, settings, "Release", "bootstrap-admin", "--email", "bench@lottopar.local"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1].Trim('\''));
        var process = await SiloProcess.StartAsync(connectionString, dataDirectory, settings);
        var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = new Uri(process.Url),
            Timeout = TimeSpan.FromSeconds(60),
        };
        return new BenchSilo(process, http, await BenchAdmin.SignInAsync(http, secrets), connectionString);
    }

    /// <summary>
    /// Settings for an experiment, from LOTTOPAR_BENCH_SILO_ENV ("NAME=value NAME=value", e.g.
    /// "DOTNET_GCgen0size=0x2000000"): added to the silo's environment last, so they win.
    /// </summary>
    private static IEnumerable<KeyValuePair<string, string>> ExperimentSettings() =>
        (Environment.GetEnvironmentVariable("LOTTOPAR_BENCH_SILO_ENV") ?? "")
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .Select(pair => KeyValuePair.Create(pair[0], pair.Length > 1 ? pair[1] : ""));

    /// <summary>How every benchmark runs a silo process: as deployed (Production), in homologation, logging warnings only.</summary>
    public static Dictionary<string, string> ProcessSettings() => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["Logging__LogLevel__Default"] = "Warning",
        ["Lottopar__Environment"] = "Homologation",
    };

    /// <summary>Methods the silo's JIT has compiled so far, and the time it spent (from /runtime/metrics).</summary>
    public async Task<(long Methods, double Milliseconds)> JitAsync()
    {
        var silo = await ProcessMetricsAsync();
        return (silo.JitCompiledMethods, silo.JitCompilationMs);
    }

    /// <summary>The "process" section of the silo's /runtime/metrics: the same record this process captures for itself.</summary>
    public async Task<ProcessMetrics> ProcessMetricsAsync() =>
        (await Admin.SendAsync(HttpMethod.Get, "/runtime/metrics")).GetProperty("process").Deserialize<ProcessMetrics>(JsonSerializerOptions.Web)!;

    /// <summary>
    /// What the silo (from /runtime/metrics), the PostgreSQL cluster and this process (the load)
    /// have used so far: a slice's costs are the difference of two of these.
    /// </summary>
    public async Task<ProcessCosts> CostsAsync()
    {
        _postgres ??= await PostgresCpu.FindAsync(ConnectionString);
        var silo = await ProcessMetricsAsync();
        var load = ProcessMetrics.Capture();
        return new ProcessCosts(
            silo.CpuTimeMs, silo.AllocatedBytes, silo.GcPauseTotalMs, _postgres.TotalMs(), load.CpuTimeMs, load.GcPauseTotalMs, await _postgres.TransactionsAsync(),
            silo.Gen0Collections);
    }

    /// <summary>
    /// Runs <paramref name="warmUp"/> (one round of every path to be measured) until the silo's JIT
    /// has settled (under half a second of compiling per round): tiered compilation keeps recompiling
    /// hot code for tens of seconds after a start,
    /// and a measurement taken meanwhile pays for that CPU. At most <paramref name="maxRounds"/>.
    /// </summary>
    public async Task WarmUpAsync(Func<Task> warmUp, int maxRounds = 6)
    {
        var (methods, milliseconds) = await JitAsync();
        for (var round = 1; round <= maxRounds; round++)
        {
            await warmUp();
            var (nowMethods, nowMilliseconds) = await JitAsync();
            Console.Error.WriteLine($"warm-up round {round}: the JIT compiled {nowMethods - methods} methods in {nowMilliseconds - milliseconds:N0} ms");
            if (nowMilliseconds - milliseconds < 500)
            {
                return;
            }

            (methods, milliseconds) = (nowMethods, nowMilliseconds);
        }
    }

    public async Task<string> PostgresSettingsAsync() => await BenchDatabase.SettingsAsync(Npgsql.NpgsqlDataSource.Create(ConnectionString));

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _process.DisposeAsync();
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }
}
