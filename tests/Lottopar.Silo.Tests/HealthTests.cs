using System.Net;
using System.Text.Json;
using Xunit;

namespace Lottopar.Silo.Tests;

public sealed class HealthTests : IAsyncLifetime
{
    private SiloDatabase _database = null!;
    private SiloFactory _silo = null!;
    private string _dataDirectory = null!;

    public async Task InitializeAsync()
    {
        _database = await SiloDatabase.CreateAsync();
        _dataDirectory = Path.Combine(Path.GetTempPath(), "lottopar-silo-" + Guid.NewGuid().ToString("N"));
        _silo = new SiloFactory(_database.ConnectionString, _dataDirectory);
    }

    public async Task DisposeAsync()
    {
        await _silo.DisposeAsync();
        await _database.DropAsync();
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    [Fact]
    public async Task StartingTheSiloMigratesItsDatabaseAndReportsReady()
    {
        var response = await _silo.CreateClient().GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await JsonAsync(response);
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        var database = body.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "database");
        Assert.StartsWith("schema at version ", database.GetProperty("description").GetString());
        Assert.True(Directory.Exists(_dataDirectory));
    }

    [Fact]
    public async Task LiveAnswersWithoutCheckingDependencies()
    {
        var response = await _silo.CreateClient().GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty((await JsonAsync(response)).GetProperty("checks").EnumerateArray());
    }

    [Fact]
    public async Task ReadyIsUnavailableWhenAMigrationIsMissing()
    {
        var client = _silo.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);

        await _database.ExecuteAsync("delete from schema_migrations where version = (select max(version) from schema_migrations)");
        var response = await client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var database = (await JsonAsync(response)).GetProperty("checks")[0];
        Assert.Equal("1 migrations pending", database.GetProperty("description").GetString());
    }

    [Fact]
    public async Task ReadyIsUnavailableWhenTheDatabaseIsGone()
    {
        var client = _silo.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);

        await _database.DropAsync();
        var response = await client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("PostgreSQL is not reachable", (await JsonAsync(response)).GetProperty("checks")[0].GetProperty("description").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        _database = await SiloDatabase.CreateAsync(); // so DisposeAsync has something to drop
    }

    [Fact]
    public async Task RuntimeMetricsAreServedAsJson()
    {
        var response = await _silo.CreateClient().GetAsync("/runtime/metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await JsonAsync(response);
        Assert.True(body.TryGetProperty("grainTypes", out _));
        Assert.True(body.TryGetProperty("streams", out _));
        Assert.True(body.GetProperty("startedAt").GetDateTimeOffset() <= body.GetProperty("takenAt").GetDateTimeOffset());
    }
}

public sealed class StartupTests
{
    [Fact]
    public async Task SiloRefusesToStartWhenPostgreSqlNeverAnswers()
    {
        using var silo = new SiloFactory("Host=127.0.0.1;Port=1;Username=nobody;Password=x;Timeout=1", Path.GetTempPath());

        await Assert.ThrowsAnyAsync<Npgsql.NpgsqlException>(() => silo.CreateClient().GetAsync("/health/live"));
    }
}
