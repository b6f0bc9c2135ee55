using System.Net;
using System.Net.Http.Json;
using Lottopar.Silo.Tests.Betting;
using Lottopar.Silo.Tests.Infrastructure;
using Lottopar.Silo.Tests.Lottery;
using Lottopar.Testing;
using Microsoft.Extensions.Logging;
using Npgsql;
using Xunit;

namespace Lottopar.Silo.Tests;

/// <summary>
/// The silo's database goes away (every connection reset, new ones refused) and comes back. REST
/// callers get 503 with Retry-After and a stable code, terminals get their protocol's failure code
/// with HTTP 200, the log says it once, nothing acknowledged is lost, and the silo recovers alone.
/// </summary>
public sealed class DatabaseOutageTests : IAsyncLifetime
{
    private readonly LogSink _logs = new();
    private TcpProxy _proxy = null!;
    private PlatformHost _silo = null!;

    public async Task InitializeAsync()
    {
        var server = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("LOTTOPAR_TEST_DB"));
        _proxy = TcpProxy.To(server.Host!, server.Port);
        _silo = await PlatformHost.StartAsync(
            settings: new Dictionary<string, string?> { ["Lottopar:WebSale:TrustedProxies:0"] = WebSaleFixture.ProxyIp },
            routeDatabase: cs => new NpgsqlConnectionStringBuilder(cs) { Host = "127.0.0.1", Port = _proxy.Port, Timeout = 3 }.ConnectionString,
            services: _logs.AddTo);
        WebSaleFixture.MoveToNineInTheMorning(_silo);
    }

    public async Task DisposeAsync()
    {
        _proxy.Restore();
        await _silo.DisposeAsync();
        await _proxy.DisposeAsync();
    }

    [Fact]
    public async Task AnOutageIsAnswered503OrTheProtocolsFailureLoggedOnceAndOutlived()
    {
        var admin = await _silo.AdminAsync();
        var oprid = await PlatformHost.OnboardAsync(admin);
        var betting = _silo.WithApiKey(await PlatformHost.IssueKeyAsync(admin, oprid, "homologation", "betting-events"));
        var provider = await NewProviderAsync(admin);
        var pos = new WebSaleClient(_silo.CreateClient());
        var before = await BettingFixture.AcceptedAsync(await BettingFixture.PostAsync(betting, Event("slip_before")));
        var ticket = await pos.SellAsync(provider, "01|01|320|0.1;");
        Assert.Matches("^[0-9]{26}$", ticket);

        var cutAt = DateTime.UtcNow;
        _proxy.Cut();
        var refused = new List<HttpResponseMessage>();
        for (var i = 0; i < 10; i++)
        {
            refused.Add(await BettingFixture.PostAsync(betting, Event($"slip_during_{i}")));
        }

        refused.Add(await admin.GetAsync("/admin/operators"));
        var sale = await pos.SellAsync(provider, "01|01|321|0.1;");
        var cancellation = await pos.CancelAsync(provider, ticket);
        var results = await pos.CallAsync(HttpMethod.Get, new Dictionary<string, string>
        {
            ["operation"] = "4", ["providercod"] = provider.Code.ToString(System.Globalization.CultureInfo.InvariantCulture), ["poscod"] = "28",
            ["date"] = _silo.Clock.GetUtcNow().ToOffset(TimeSpan.FromHours(-3)).ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture), ["turn"] = "1",
        });

        foreach (var response in refused)
        {
            await Expect.ProblemAsync(response, HttpStatusCode.ServiceUnavailable, "database_unavailable");
            Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
            Assert.Equal(["homologation"], response.Headers.GetValues("X-Lottopar-Environment"));
        }

        Assert.Equal(("0", "1", (200, "1")), (sale, cancellation, results));
        // Orleans' own cluster services read and write their tables on their own schedule (membership
        // liveness, the reminder table) and its scheduler reports slow turns on a loaded machine: they
        // say so in their own words. What this test holds to is that the platform (our code, ASP.NET,
        // the grains' calls and storage) says it once.
        var loud = _logs.Since(cutAt).Where(e => e.Level >= LogLevel.Warning && !OrleansClusterService(e.Category)).ToList();
        var described = string.Join("\n", loud.Select(e => $"{e.Level} {e.Category}: {e.Message} {e.Exception?.GetType().Name}"));
        Assert.True(loud.Count == 1 && loud[0].Message.StartsWith("PostgreSQL is unavailable", StringComparison.Ordinal) && loud[0].Exception is null,
            $"one line for the outage, not:\n{described}");

        _proxy.Restore();
        var after = await Eventually.HoldsAsync(
            async () => await BettingFixture.PostAsync(betting, Event("slip_after")),
            response => response.StatusCode == HttpStatusCode.Created,
            "the silo accepts events again",
            TimeSpan.FromSeconds(30));

        await Expect.StatusAsync(after, 201);
        await Expect.StatusAsync(await betting.GetAsync($"/betting-events/{before["event_id"]}"), 200);
        Assert.Contains(_logs.Entries, e => e.Level == LogLevel.Information && e.Message.StartsWith("PostgreSQL answers again", StringComparison.Ordinal));
        Assert.Equal(0, await _silo.Database.ScalarAsync<long>($"select count(*) from betting_events where oprid = '{oprid}' and bet_slip_id like 'slip_during_%'"));
    }

    private static bool OrleansClusterService(string category) =>
        category.StartsWith("Orleans.Runtime.MembershipService.", StringComparison.Ordinal)
        || category.StartsWith("Orleans.Runtime.ReminderService.", StringComparison.Ordinal)
        || category == "Orleans.Runtime.Scheduler.WorkItemGroup";

    private static string Event(string slip) => BettingFixture.Example("single-new-bet", j =>
    {
        j["tax_id"] = BettingFixture.NewCpf();
        j["bet_slip_id"] = slip;
    });

    private static async Task<TestProvider> NewProviderAsync(HttpClient admin)
    {
        var oprid = await PlatformHost.OnboardAsync(admin);
        var code = Random.Shared.Next(100, 999);
        var serial = Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();
        await Expect.StatusAsync(await admin.PutAsJsonAsync($"/admin/operators/{oprid}/lottery-provider",
            new { providerCode = code.ToString(System.Globalization.CultureInfo.InvariantCulture), allowedIps = new[] { WebSaleFixture.ClientIp }, enabled = true }), 200);
        await Expect.StatusAsync(await admin.PostAsJsonAsync($"/admin/operators/{oprid}/pos", new { posCode = "28", printerSerial = serial }), 200);
        await Expect.StatusAsync(await admin.PostAsJsonAsync($"/admin/operators/{oprid}/pos",
            new { posCode = "1", printerSerial = Guid.NewGuid().ToString("N")[..10], administrative = true }), 200);
        return new TestProvider(oprid, code, serial);
    }
}
