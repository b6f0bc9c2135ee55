using System.Collections.Concurrent;
using Lottopar.Silo.Tests.Infrastructure;
using Lottopar.Testing;
using Xunit;

namespace Lottopar.Silo.Tests.Crash;

/// <summary>
/// The silo process is killed (SIGKILL) while events with Idempotency-Keys are in flight, then
/// started again, and every request is sent again with its key: each gets 201 with the event it
/// first created (when its first answer came back, that same event), and no event exists twice.
/// Requests in flight at the kill had committed or not at any point; this is the case the issue
/// found 3 duplicates in.
/// </summary>
public sealed class KillDuringLoadTests
{
    private const int Events = 400;
    private const int InFlight = 48;

    [Fact]
    public async Task ReSendingEveryRequestAfterAKillCreatesEachEventExactlyOnce()
    {
        var database = await SiloDatabase.CreateAsync();
        var dataDirectory = Directory.CreateTempSubdirectory("lottopar-kill-").FullName;
        var settings = CrashLoad.Settings();
        try
        {
            var key = await SiloProcess.SeedDemoApiKeyAsync(database.ConnectionString, dataDirectory, settings, CrashLoad.Configuration);
            var requests = CrashLoad.Requests(Events, "slip_kill");
            var firstAnswers = new ConcurrentDictionary<string, string>();

            await using (var silo = await SiloProcess.StartAsync(database.ConnectionString, dataDirectory, settings, CrashLoad.Configuration))
            {
                using var http = CrashLoad.Client(silo, key);
                var load = Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = InFlight }, async (request, token) =>
                {
                    if (await CrashLoad.TrySendAsync(http, request, cancellationToken: token) is { } eventId)
                    {
                        firstAnswers[request.Key] = eventId;
                    }
                });

                await Eventually.HoldsAsync(() => firstAnswers.Count >= Events / 3, "a third of the events answered", TimeSpan.FromSeconds(60));
                await silo.KillAsync();
                await load;
                Assert.InRange(firstAnswers.Count, Events / 3, Events - 1);
            }

            await using (var restarted = await SiloProcess.StartAsync(database.ConnectionString, dataDirectory, settings, CrashLoad.Configuration))
            {
                using var http = CrashLoad.Client(restarted, key);
                var second = await CrashLoad.ReSendAllAsync(http, requests, InFlight, TimeSpan.Zero);
                Assert.All(firstAnswers, first => Assert.Equal(first.Value, second[first.Key]));
            }

            Assert.Equal(0, await CrashLoad.DoubledSlipsAsync(database));
            Assert.Equal(Events, await database.ScalarAsync<long>("select count(*) from betting_events"));
        }
        finally
        {
            await database.DropAsync();
            Directory.Delete(dataDirectory, recursive: true);
        }
    }
}
