namespace Lottopar.Benchmarks;

/// <summary>
/// The silo under test of an HTTP benchmark: a fresh database, the silo as its own process
/// (Release, Production, logging at Warning, the floor endpoints mapped), an HTTP client with
/// room for the load, and the first admin signed in.
/// </summary>
internal sealed class BenchSilo : IAsyncDisposable
{
    private readonly SiloProcess _process;

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
        var settings = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Lottopar__Environment"] = "Homologation",
            ["Lottopar__Notifications__Mode"] = "Deliver",
            ["Lottopar__Benchmarks__FloorEndpoint"] = "true",
        };
        foreach (var (key, value) in extraSettings ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        var secrets = (await SiloProcess.RunCommandAsync(connectionString, dataDirectory, settings, "bootstrap-admin", "--email", "bench@lottopar.local"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1].Trim('\''));
        var process = await SiloProcess.StartAsync(connectionString, dataDirectory, settings);
        var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = new Uri(process.Url),
            Timeout = TimeSpan.FromSeconds(60),
        };
        return new BenchSilo(process, http, await BenchAdmin.SignInAsync(http, secrets), connectionString);
    }

    public async Task<string> PostgresSettingsAsync() => await BenchDatabase.SettingsAsync(Npgsql.NpgsqlDataSource.Create(ConnectionString));

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _process.DisposeAsync();
    }
}
