using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Lottopar.Silo.Tests.Betting;
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
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    private const int Events = 400;
    private const int InFlight = 48;

    [Fact]
    public async Task ReSendingEveryRequestAfterAKillCreatesEachEventExactlyOnce()
    {
        var database = await SiloDatabase.CreateAsync();
        var dataDirectory = Directory.CreateTempSubdirectory("lottopar-kill-").FullName;
        var settings = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Lottopar__Environment"] = "Homologation",
            ["Lottopar__Notifications__Mode"] = "Outbox",
            ["Lottopar__ApiKeys__RequestsPerSecond"] = "100000",
            ["Lottopar__ApiKeys__Burst"] = "100000",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        try
        {
            var seeded = await SiloProcess.RunCommandAsync(database.ConnectionString, dataDirectory, settings, Configuration, "seed-demo");
            var key = seeded.Split('\n').Single(l => l.StartsWith("LOTTOPAR_DEMO_API_KEY=", StringComparison.Ordinal))["LOTTOPAR_DEMO_API_KEY=".Length..].Trim();
            var requests = Enumerable.Range(0, Events).Select(i => (Key: Guid.NewGuid().ToString(), Body: Event(i))).ToList();
            var firstAnswers = new ConcurrentDictionary<string, string>();

            await using (var silo = await SiloProcess.StartAsync(database.ConnectionString, dataDirectory, settings, Configuration))
            {
                using var http = Client(silo, key);
                var sent = 0;
                var load = Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = InFlight }, async (request, token) =>
                {
                    Interlocked.Increment(ref sent);
                    try
                    {
                        using var response = await PostAsync(http, request.Key, request.Body);
                        if (response.StatusCode == HttpStatusCode.Created)
                        {
                            firstAnswers[request.Key] = (await response.Content.ReadFromJsonAsync<JsonObject>(token))!["event_id"]!.ToString();
                        }
                    }
                    catch (HttpRequestException)
                    {
                        // The silo died with this request in flight.
                    }
                });

                await Eventually.HoldsAsync(() => firstAnswers.Count >= Events / 3, "a third of the events answered", TimeSpan.FromSeconds(60));
                await silo.KillAsync();
                await load;
                Assert.InRange(firstAnswers.Count, Events / 3, Events - 1);
            }

            await using (var restarted = await SiloProcess.StartAsync(database.ConnectionString, dataDirectory, settings, Configuration))
            {
                using var http = Client(restarted, key);
                var second = new ConcurrentDictionary<string, string>();
                await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = InFlight }, async (request, token) =>
                {
                    using var response = await PostAsync(http, request.Key, request.Body);
                    Assert.Equal(HttpStatusCode.Created, response.StatusCode);
                    second[request.Key] = (await response.Content.ReadFromJsonAsync<JsonObject>(token))!["event_id"]!.ToString();
                });

                Assert.All(firstAnswers, first => Assert.Equal(first.Value, second[first.Key]));
            }

            Assert.Equal(0, await database.ScalarAsync<long>("select count(*) from (select bet_slip_id from betting_events group by bet_slip_id having count(*) > 1) twice"));
            Assert.Equal(Events, await database.ScalarAsync<long>("select count(*) from betting_events"));
        }
        finally
        {
            await database.DropAsync();
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    private static HttpClient Client(SiloProcess silo, string key)
    {
        var http = new HttpClient { BaseAddress = new Uri(silo.Url), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Add("x-api-key", key);
        return http;
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient http, string key, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/betting-events") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", key);
        return http.SendAsync(request);
    }

    /// <summary>A new_bet of its own slip and player, without event_date: only the key identifies a re-send.</summary>
    private static string Event(int i) => BettingFixture.Example("single-new-bet", j =>
    {
        j["tax_id"] = BettingFixture.NewCpf();
        j["bet_slip_id"] = $"slip_kill_{i}";
        j.Remove("event_date");
    });
}
