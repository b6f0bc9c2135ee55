using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Staff;
using Lottopar.Silo.Tests.Infrastructure;
using Lottopar.Testing;
using Npgsql;
using Xunit;

namespace Lottopar.Silo.Tests;

public sealed class HealthTests : IAsyncLifetime
{
    private PlatformHost _silo = null!;

    public async Task InitializeAsync() => _silo = await PlatformHost.StartAsync();

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task StartingTheSiloMigratesItsDatabaseAndReportsReady()
    {
        var body = await Expect.JsonAsync(await _silo.CreateClient().GetAsync("/health/ready"));

        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        Assert.Equal("homologation", body.GetProperty("environment").GetString());
        var database = body.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "database");
        Assert.StartsWith("schema at version ", database.GetProperty("description").GetString());
    }

    [Fact]
    public async Task LiveAnswersWithoutCheckingDependencies()
    {
        var body = await Expect.JsonAsync(await _silo.CreateClient().GetAsync("/health/live"));

        Assert.Empty(body.GetProperty("checks").EnumerateArray());
    }

    [Fact]
    public async Task EveryResponseNamesTheEnvironment()
    {
        var response = await _silo.CreateClient().GetAsync("/");

        Assert.Equal("homologation", response.Headers.GetValues("X-Lottopar-Environment").Single());
        Assert.Equal("homologation", (await Expect.JsonAsync(response)).GetProperty("environment").GetString());
    }

    [Fact]
    public async Task ReadyIsUnavailableWhenAMigrationIsMissing()
    {
        var client = _silo.CreateClient();
        await Expect.StatusAsync(await client.GetAsync("/health/ready"), 200);

        await _silo.Database.ExecuteAsync("delete from schema_migrations where version = (select max(version) from schema_migrations)");
        var response = await client.GetAsync("/health/ready");

        var body = await Expect.JsonAsync(response, 503);
        Assert.Equal("1 migrations pending", body.GetProperty("checks")[0].GetProperty("description").GetString());
    }

    [Fact]
    public async Task ReadyIsUnavailableWhenTheDatabaseIsGone()
    {
        var server = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("LOTTOPAR_TEST_DB"));
        await using var proxy = TcpProxy.To(server.Host!, server.Port);
        await using var silo = await PlatformHost.StartAsync(
            routeDatabase: cs => new NpgsqlConnectionStringBuilder(cs) { Host = "127.0.0.1", Port = proxy.Port, Timeout = 3 }.ConnectionString);
        var client = silo.CreateClient();
        await Expect.StatusAsync(await client.GetAsync("/health/ready"), 200);

        proxy.Cut();
        var response = await client.GetAsync("/health/ready");

        var body = await Expect.JsonAsync(response, 503);
        Assert.Contains("PostgreSQL is not reachable", body.GetProperty("checks")[0].GetProperty("description").GetString());
        await Expect.StatusAsync(await client.GetAsync("/health/live"), 200);
        proxy.Restore(); // the silo leaves its cluster through the database when it stops
    }

    [Fact]
    public async Task RuntimeMetricsAreServedAsJson()
    {
        var auditor = await _silo.StaffAsync([StaffRole.Auditor.WireName()], oprid: null);
        var body = await Expect.JsonAsync(await auditor.GetAsync("/runtime/metrics"));

        // Per grain type, from our call filter and storage provider: the auditor's sign-in called
        // its account and wrote its session.
        var grainTypes = body.GetProperty("grainTypes").EnumerateArray().ToDictionary(t => t.GetProperty("grainType").GetString()!);
        Assert.True(grainTypes["staff_user"].GetProperty("calls").GetInt64() >= 1);
        Assert.True(grainTypes["staff_session"].GetProperty("storageWrite").GetProperty("count").GetInt64() >= 1);
        Assert.Contains(body.GetProperty("streams").EnumerateArray(), s => s.GetProperty("subscription").GetString() == "audit-log");
        var process = body.GetProperty("process");
        Assert.True(process.GetProperty("threadPoolThreads").GetInt32() > 0);
        Assert.True(process.GetProperty("heapBytes").GetInt64() > 0);
        Assert.True(process.GetProperty("gcPauseTotalMs").GetDouble() >= 0);
        Assert.True(process.GetProperty("jitCompiledMethods").GetInt64() > 0);
        Assert.True(process.GetProperty("jitCompilationMs").GetDouble() > 0);
        Assert.True(process.GetProperty("allocatedBytes").GetInt64() > 0);
        Assert.True(process.GetProperty("cpuTimeMs").GetDouble() > 0);

        // The Orleans silo: this one, active; the auditor's session and account are activations on it.
        var orleans = body.GetProperty("orleans");
        var silo = Assert.Single(orleans.GetProperty("silos").EnumerateArray());
        Assert.Equal("Active", silo.GetProperty("status").GetString());
        foreach (var grain in new[] { "StaffSessionGrain", "StaffUserGrain" })
        {
            Assert.Contains(orleans.GetProperty("activations").EnumerateArray(),
                a => a.GetProperty("grainType").GetString()!.EndsWith(grain, StringComparison.Ordinal) && a.GetProperty("activations").GetInt32() >= 1);
        }
    }

    [Fact]
    public async Task RuntimeMetricsAreForLottoparStaffOnly()
    {
        var admin = await _silo.AdminAsync();
        var oprid = await PlatformHost.OnboardAsync(admin);
        await PlatformHost.ActivateAsync(admin, oprid);
        var operatorKey = _silo.WithApiKey(await PlatformHost.IssueKeyAsync(admin, oprid, "homologation", "betting-events", "read"));
        var operatorStaff = await _silo.StaffAsync([StaffRole.OperatorAdmin.WireName()], oprid);

        await Expect.StatusAsync(await _silo.CreateClient().GetAsync("/runtime/metrics"), 401);
        await Expect.StatusAsync(await operatorKey.GetAsync("/runtime/metrics"), 401);
        await Expect.StatusAsync(await operatorStaff.GetAsync("/runtime/metrics"), 403);
    }

    [Fact]
    public async Task OpenApiDocumentDescribesTheApisAndHowToAuthenticate()
    {
        var client = _silo.CreateClient();
        var document = await Expect.JsonAsync(await client.GetAsync("/openapi/v1.json"));

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/admin/operators", paths);
        Assert.Contains("/admin/operators/{oprid}/api-keys/{keyId}/rotate", paths);
        Assert.Contains("/auth/login", paths);
        var schemes = document.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal("x-api-key", schemes.GetProperty("ApiKey").GetProperty("name").GetString());
        Assert.Contains("swagger", await client.GetStringAsync("/docs/index.html"), StringComparison.OrdinalIgnoreCase);
    }
}

public sealed class StartupTests
{
    [Fact]
    public async Task SiloRefusesToStartWhenPostgreSqlNeverAnswers()
    {
        var error = await Assert.ThrowsAnyAsync<Npgsql.NpgsqlException>(() => PlatformHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["ConnectionStrings:Lottopar"] = "Host=127.0.0.1;Port=1;Username=nobody;Password=x;Timeout=1",
            ["Lottopar:StartupDatabaseTimeout"] = "00:00:01",
        }));

        Assert.NotNull(error);
    }

    [Fact]
    public async Task OutboxNotificationsAreRefusedInProduction()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => PlatformHost.StartAsync(DeploymentEnvironment.Production));

        Assert.Contains("not allowed in production", error.ToString());
    }
}
