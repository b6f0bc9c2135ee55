using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Lottopar.Silo.Tests.Betting;
using Lottopar.Silo.Tests.Infrastructure;
using Lottopar.Testing;

namespace Lottopar.Silo.Tests.Crash;

/// <summary>
/// What the crash tests share: silo processes on a database of their own (the build deploy/test.sh
/// made), and betting events that only their Idempotency-Key identifies, sent with and without a
/// silo to answer them.
/// </summary>
internal static class CrashLoad
{
#if DEBUG
    public const string Configuration = "Debug";
#else
    public const string Configuration = "Release";
#endif

    /// <summary>The silos' settings: a development silo without rate limits, logging warnings only.</summary>
    public static Dictionary<string, string> Settings() => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Development",
        ["Lottopar__Environment"] = "Homologation",
        ["Lottopar__Notifications__Mode"] = "Outbox",
        ["Lottopar__ApiKeys__RequestsPerSecond"] = "100000",
        ["Lottopar__ApiKeys__Burst"] = "100000",
        ["Logging__LogLevel__Default"] = "Warning",
    };

    /// <summary><paramref name="count"/> new_bets, each of its own slip and player, each with its own key.</summary>
    public static List<(string Key, string Body)> Requests(int count, string slipPrefix) =>
        [.. Enumerable.Range(0, count).Select(i => (Guid.NewGuid().ToString(), Event(slipPrefix, i)))];

    public static HttpClient Client(SiloProcess silo, string key)
    {
        var http = new HttpClient { BaseAddress = new Uri(silo.Url), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Add("x-api-key", key);
        return http;
    }

    /// <summary>
    /// Sends a request; the event id when it was created (201), else null. Any other status is
    /// counted in <paramref name="refusals"/>; no answer at all (the silo died with the request in
    /// flight, or is not there) is not.
    /// </summary>
    public static async Task<string?> TrySendAsync(
        HttpClient http, (string Key, string Body) request, ConcurrentDictionary<HttpStatusCode, int>? refusals = null, CancellationToken cancellationToken = default)
    {
        try
        {
            using var message = new HttpRequestMessage(HttpMethod.Post, "/betting-events")
            {
                Content = new StringContent(request.Body, System.Text.Encoding.UTF8, "application/json"),
            };
            message.Headers.Add("Idempotency-Key", request.Key);
            using var response = await http.SendAsync(message, cancellationToken);
            if (response.StatusCode == HttpStatusCode.Created)
            {
                return (await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))!["event_id"]!.ToString();
            }

            refusals?.AddOrUpdate(response.StatusCode, 1, (_, n) => n + 1);
            return null;
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    /// <summary>
    /// Sends every request again with its key, each until it is created or <paramref name="patience"/>
    /// runs out; the event ids by key. Statuses other than 201 met on the way go to <paramref name="refusals"/>.
    /// </summary>
    public static async Task<ConcurrentDictionary<string, string>> ReSendAllAsync(
        HttpClient http, IReadOnlyList<(string Key, string Body)> requests, int inFlight, TimeSpan patience,
        ConcurrentDictionary<HttpStatusCode, int>? refusals = null)
    {
        var answers = new ConcurrentDictionary<string, string>();
        var deadline = DateTime.UtcNow + patience;
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = inFlight }, async (request, token) =>
        {
            string? eventId;
            while ((eventId = await TrySendAsync(http, request, refusals, token)) is null)
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"Request {request.Key} was not created within {patience}.");
                }

                await Task.Delay(200, token);
            }

            answers[request.Key] = eventId;
        });
        return answers;
    }

    /// <summary>Bet slips with more than one stored event: each request is one new_bet of its own slip, so none may have two.</summary>
    public static Task<long> DoubledSlipsAsync(SiloDatabase database) =>
        database.ScalarAsync<long>("select count(*) from (select bet_slip_id from betting_events group by bet_slip_id having count(*) > 1) twice");

    /// <summary>A new_bet of its own slip and player, without event_date: only the key identifies a re-send.</summary>
    private static string Event(string slipPrefix, int i) => BettingFixture.Example("single-new-bet", j =>
    {
        j["tax_id"] = BettingFixture.NewCpf();
        j["bet_slip_id"] = $"{slipPrefix}_{i}";
        j.Remove("event_date");
    });
}
