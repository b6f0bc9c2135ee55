using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Lottopar.Silo.Tests.Infrastructure;
using Lottopar.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Lottopar.Silo.Tests.Crash;

/// <summary>
/// Two silo processes form one Orleans cluster on the platform's PostgreSQL (ADO.NET membership on
/// our schema, the documented probe settings). Events with Idempotency-Keys go to both; one silo is
/// killed (SIGKILL) with requests in flight, and every request is then sent again, with its key,
/// to the survivor until it is created: the grains that lived on the dead silo come back on the
/// survivor, each event exists exactly once, and every event answered before the kill is the
/// same event after it.
/// </summary>
public sealed class TwoSiloFailoverTests(ITestOutputHelper output)
{
    private const int Events = 300;
    private const int InFlight = 32;

    // Orleans' SiloStatus values in orleans_membership.status.
    private const int Active = 3;
    private const int Dead = 6;

    [Fact]
    public async Task AfterAKillTheSurvivorTakesOverEveryGrainAndNoEventIsLostOrDoubled()
    {
        var database = await SiloDatabase.CreateAsync();
        // One data directory for both: the silos of a deployment share the grain-key secret kept there.
        var dataDirectory = Directory.CreateTempSubdirectory("lottopar-failover-").FullName;
        var settings = CrashLoad.Settings();
        settings["Lottopar__Orleans__SiloPort"] = "0";
        settings["Lottopar__Orleans__GatewayPort"] = "0";
        try
        {
            var key = await SiloProcess.SeedDemoApiKeyAsync(database.ConnectionString, dataDirectory, settings, CrashLoad.Configuration);
            var requests = CrashLoad.Requests(Events, "slip_failover");
            var firstAnswers = new ConcurrentDictionary<string, string>();
            var refusals = new ConcurrentDictionary<HttpStatusCode, int>();

            await using var survivor = await SiloProcess.StartAsync(database.ConnectionString, dataDirectory, settings, CrashLoad.Configuration);
            await using var victim = await SiloProcess.StartAsync(database.ConnectionString, dataDirectory, settings, CrashLoad.Configuration);
            await Eventually.HoldsAsync(() => SilosAsync(database, Active), n => n == 2, "both silos active in the membership table", TimeSpan.FromSeconds(60));

            using var toSurvivor = CrashLoad.Client(survivor, key);
            using var toVictim = CrashLoad.Client(victim, key);
            var load = Parallel.ForEachAsync(requests.Select((r, i) => (Request: r, Http: i % 2 == 0 ? toVictim : toSurvivor)),
                new ParallelOptions { MaxDegreeOfParallelism = InFlight }, async (item, token) =>
                {
                    if (await CrashLoad.TrySendAsync(item.Http, item.Request, refusals, token) is { } eventId)
                    {
                        firstAnswers[item.Request.Key] = eventId;
                    }
                });

            // The one-off seed-demo command ran a silo that left as Dead.
            var deadBefore = await SilosAsync(database, Dead);
            await Eventually.HoldsAsync(() => firstAnswers.Count >= Events / 3, "a third of the events answered", TimeSpan.FromSeconds(60));
            await victim.KillAsync();
            var killedAt = Stopwatch.StartNew();
            await load;
            Assert.InRange(firstAnswers.Count, Events / 3, Events - 1);

            var second = await CrashLoad.ReSendAllAsync(toSurvivor, requests, InFlight, TimeSpan.FromSeconds(120), refusals);
            output.WriteLine($"{firstAnswers.Count} of {Events} answered before the kill; every request created on the survivor {killedAt.Elapsed.TotalSeconds:N1} s after it; " +
                $"refusals on the way: {string.Join(", ", refusals.Select(r => $"{(int)r.Key} x{r.Value}"))}");

            // While the dead silo's grains move, the survivor says "retry shortly", never "internal error".
            Assert.All(refusals.Keys, status => Assert.Equal(HttpStatusCode.ServiceUnavailable, status));
            Assert.All(firstAnswers, first => Assert.Equal(first.Value, second[first.Key]));
            Assert.Equal(0, await CrashLoad.DoubledSlipsAsync(database));
            Assert.Equal(Events, await database.ScalarAsync<long>("select count(*) from betting_events"));
            await Eventually.HoldsAsync(() => SilosAsync(database, Dead), n => n == deadBefore + 1, "the killed silo is voted dead", TimeSpan.FromSeconds(60));
        }
        finally
        {
            await database.DropAsync();
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    private static Task<long> SilosAsync(SiloDatabase database, int status) =>
        database.ScalarAsync<long>($"select count(*) from orleans_membership where status = {status}");
}
