using System.Net;
using System.Net.Http.Json;
using Lottopar.Silo.Tests.Infrastructure;
using Lottopar.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Lottopar.Silo.Tests;

/// <summary>
/// A flood of forged credentials costs the database almost nothing: refusals are written once per
/// kind and window plus one count, an address refused too often waits before anything is checked,
/// a forged session token touches no grain, and the sign-in routes are limited per address.
/// </summary>
public sealed class RefusalCostTests(RefusalCostTests.LowLimitsFixture fixture) : IClassFixture<RefusalCostTests.LowLimitsFixture>
{
    private const int PerAddress = 20;

    [Fact]
    public async Task AFloodOfForgedKeysIsAFewRowsAndThenWaitsBeforeAnyCheck()
    {
        var oprid = await PlatformHost.OnboardAsync(fixture.Admin);
        var key = await PlatformHost.IssueKeyAsync(fixture.Admin, oprid, "homologation", "read");
        var forged = key[..^8] + "AAAAAAAA";
        const string address = "198.51.100.30";
        var before = await SecurityRowsAsync(oprid);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 50; i++)
        {
            statuses.Add((await SendAsync(HttpMethod.Get, $"/api/operators/{oprid}", address, r => r.Headers.Add("x-api-key", forged))).StatusCode);
        }

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Unauthorized, PerAddress), statuses.Take(PerAddress));
        Assert.All(statuses.Skip(PerAddress), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
        var streamed = await fixture.Silo.Database.ScalarAsync<long>($"select count(*) from stream_events where stream_namespace = 'security' and stream_key = '{oprid}'");
        Assert.InRange(streamed, 1, 2); // the first of each kind (invalid_secret, too_many_refusals); the rest is counted in memory

        // After the window, one more row per kind carries the rest of its count: every refusal is accounted for.
        fixture.Silo.Clock.Advance(TimeSpan.FromSeconds(3));
        var rows = await Eventually.HoldsAsync(
            async () => await SecurityRowsAsync(oprid),
            r => r.Count - before.Count >= 2 && r.Skip(before.Count).Sum(x => x.Count) == 50,
            "the window's refusals are written with their count",
            TimeSpan.FromSeconds(15));
        Assert.InRange(rows.Count - before.Count, 2, 4);
        Assert.Equal(PerAddress, rows.Where(r => r.Code == "invalid_secret" && r.ClientIp == address).Sum(r => r.Count));
        Assert.Equal(50 - PerAddress, rows.Where(r => r.Code == "too_many_refusals" && r.ClientIp == address).Sum(r => r.Count));
    }

    [Fact]
    public async Task AForgedSessionTokenTouchesNoGrain()
    {
        var before = SessionCalls();

        for (var i = 0; i < 10; i++)
        {
            var response = await SendAsync(HttpMethod.Get, "/auth/me", $"198.51.100.{40 + i}",
                r => r.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "lps_" + Guid.NewGuid().ToString("N")));
            await Expect.ProblemAsync(response, HttpStatusCode.Unauthorized, "not_signed_in");
        }

        Assert.Equal(before, SessionCalls());
        await Expect.StatusAsync(await fixture.Admin.GetAsync("/auth/me"), 200);
        Assert.True(SessionCalls() > before);
    }

    [Fact]
    public async Task TheSignInRoutesAreLimitedPerAddress()
    {
        // The bucket refills continuously (30 a minute): quick requests that need no password hashing.
        const string sprayer = "198.51.100.60";
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 40; i++)
        {
            statuses.Add((await SendAsync(HttpMethod.Get, "/auth/me", sprayer, _ => { })).StatusCode);
        }

        var limited = await SendAsync(HttpMethod.Get, "/auth/me", sprayer, _ => { });
        var elsewhere = await SendAsync(HttpMethod.Get, "/auth/me", "198.51.100.61", _ => { });

        Assert.All(statuses.Take(30), s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.InRange(statuses.Count(s => s == HttpStatusCode.Unauthorized), 30, 33);
        await Expect.ProblemAsync(limited, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.NotNull(limited.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.Unauthorized, elsewhere.StatusCode);
    }

    [Fact]
    public async Task PasswordResetRequestsAreLimitedPerAddress()
    {
        const string address = "198.51.100.70";
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 11; i++)
        {
            statuses.Add((await SendAsync(HttpMethod.Post, "/auth/password-reset", address,
                r => r.Content = JsonContent.Create(new { email = $"pessoa{i}@lottopar.example.com.br", channel = "email" }))).StatusCode);
        }

        Assert.All(statuses.Take(10), s => Assert.Equal(HttpStatusCode.Accepted, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[10]);
    }

    // Staff sessions run on Orleans: their calls are counted by the test host's call filter.
    private long SessionCalls() => fixture.Silo.Services.GetRequiredService<OrleansCallCounter>().CallsTo("staff_session");

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, string from, Action<HttpRequestMessage> prepare)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.Add(PlatformHost.TestPeerHeader, from);
        prepare(request);
        return fixture.Silo.CreateClient().SendAsync(request);
    }

    private async Task<List<(string Code, string? ClientIp, int Count)>> SecurityRowsAsync(string oprid)
    {
        var rows = await fixture.Admin.GetFromJsonAsync<List<System.Text.Json.JsonElement>>($"/admin/security-events?oprid={oprid}&limit=1000");
        return [.. rows!.OrderBy(r => r.GetProperty("eventId").GetInt64())
            .Select(r => (r.GetProperty("code").GetString()!, r.GetProperty("clientIp").GetString(), r.GetProperty("count").GetInt32()))];
    }

    public sealed class LowLimitsFixture : PlatformFixture
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Lottopar:Refusals:PerAddress"] = PerAddress.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Lottopar:Refusals:Window"] = "00:00:02",
            ["Lottopar:Auth:RequestsPerMinutePerAddress"] = "30",
            ["Lottopar:Auth:PasswordResetsPerHourPerAddress"] = "10",
        };
    }
}
