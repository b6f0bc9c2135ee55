using System.Net;
using Lottopar.GrainInterfaces.Staff;
using Lottopar.Silo.Tests.Infrastructure;
using Lottopar.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using Xunit;

namespace Lottopar.Silo.Tests;

/// <summary>The Orleans dashboard at /dashboard: LOTTOPAR staff only, two views closed, a cookie sign-in for browsers.</summary>
public sealed class DashboardTests : IAsyncLifetime
{
    private const string Counters = "/dashboard/DashboardCounters";

    private PlatformHost _silo = null!;

    public async Task InitializeAsync() => _silo = await PlatformHost.StartAsync();

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task TheDashboardIsForLottoparStaffOnly()
    {
        var admin = await _silo.AdminAsync();
        var oprid = await PlatformHost.OnboardAsync(admin);
        await PlatformHost.ActivateAsync(admin, oprid);
        var operatorKey = _silo.WithApiKey(await PlatformHost.IssueKeyAsync(admin, oprid, "homologation", "betting-events", "read"));
        var operatorStaff = await _silo.StaffAsync([StaffRole.OperatorAdmin.WireName()], oprid);
        var auditor = await _silo.StaffAsync([StaffRole.Auditor.WireName()], oprid: null);

        await Expect.StatusAsync(await _silo.CreateClient().GetAsync(Counters), 401);
        await Expect.StatusAsync(await operatorKey.GetAsync(Counters), 401);
        await Expect.StatusAsync(await operatorStaff.GetAsync(Counters), 403);
        await Expect.StatusAsync(await operatorStaff.GetAsync("/dashboard/"), 403);

        // The dashboard gathers its counters every second: the first answer may precede the first gathering.
        var activeHosts = await Eventually.HoldsAsync(
            async () => Property(await Expect.JsonAsync(await auditor.GetAsync(Counters)), "totalActiveHostCount").GetInt32(),
            hosts => hosts > 0,
            "the dashboard has gathered its counters");
        Assert.Equal(1, activeHosts);
        var page = await auditor.GetAsync("/dashboard/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/dashboard/GrainState?grainId=player%2F1&grainType=x")]
    [InlineData("/dashboard/grainstate?grainId=player%2F1&grainType=x")]
    [InlineData("/dashboard/Trace")]
    public async Task TheGrainStateAndLiveTraceViewsAreClosedEvenToStaff(string path)
    {
        var admin = await _silo.AdminAsync();
        var body = await Expect.JsonAsync(await admin.GetAsync(path), 404);
        Assert.Equal("not_found", body.GetProperty("code").GetString());
    }

    [Fact]
    public async Task ABrowserWithoutASessionIsSentToTheSignInForm()
    {
        var browser = Browser();
        var request = new HttpRequestMessage(HttpMethod.Get, "/dashboard/");
        request.Headers.Accept.ParseAdd("text/html");
        var response = await browser.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/dashboard/sign-in", response.Headers.Location?.OriginalString);
        var form = await browser.GetStringAsync("/dashboard/sign-in");
        Assert.Contains("<form method=\"post\" action=\"/dashboard/sign-in\">", form);
    }

    [Fact]
    public async Task SigningInWithPasswordAndCodeGivesACookieThatOnlyReadsTheDashboard()
    {
        var staff = await _silo.CreateStaffAsync([StaffRole.IntegrityAnalyst.WireName()], oprid: null);
        var browser = Browser();

        var refused = await browser.PostAsync("/dashboard/sign-in", Form(staff.Email, staff.Password, "000000"));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("Wrong e-mail, password or authenticator code.", await refused.Content.ReadAsStringAsync());
        Assert.False(refused.Headers.Contains("Set-Cookie"));

        var signedIn = await browser.PostAsync("/dashboard/sign-in", Form(staff.Email, staff.Password, _silo.TotpNow(staff.TotpSecret)));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/dashboard/", signedIn.Headers.Location?.OriginalString);
        var cookie = Assert.Single(signedIn.Headers.GetValues("Set-Cookie"));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/dashboard", cookie, StringComparison.OrdinalIgnoreCase);

        await Expect.JsonAsync(await browser.GetAsync(Counters));

        // The same token in the cookie opens nothing else, and no write.
        var token = cookie[(cookie.IndexOf('=') + 1)..cookie.IndexOf(';')];
        await Expect.StatusAsync(await WithCookie(HttpMethod.Get, "/admin/operators", token), 401);
        await Expect.StatusAsync(await WithCookie(HttpMethod.Post, "/auth/logout", token), 401);

        var signedOut = await browser.PostAsync("/dashboard/sign-out", null);
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        await Expect.StatusAsync(await WithCookie(HttpMethod.Get, Counters, token), 401);
    }

    [Fact]
    public async Task TheSignInFormHasTheSameLimitPerAddressAsTheApi()
    {
        await using var silo = await PlatformHost.StartAsync(settings: new Dictionary<string, string?> { ["Lottopar:Auth:RequestsPerMinutePerAddress"] = "3" });
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/dashboard/sign-in") { Content = Form("nobody@lottopar.example.com.br", "wrong password", "000000") };
            request.Headers.Add(PlatformHost.TestPeerHeader, "198.51.100.90");
            statuses.Add((await silo.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }).SendAsync(request)).StatusCode);
        }

        Assert.All(statuses.Take(3), s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.All(statuses.Skip(3), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
    }

    private HttpClient Browser() => _silo.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    private Task<HttpResponseMessage> WithCookie(HttpMethod method, string path, string token)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("Cookie", $"lottopar_dashboard={token}");
        return _silo.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false }).SendAsync(request);
    }

    private static FormUrlEncodedContent Form(string email, string password, string code) =>
        new(new Dictionary<string, string> { ["email"] = email, ["password"] = password, ["code"] = code });

    private static System.Text.Json.JsonElement Property(System.Text.Json.JsonElement element, string name) =>
        element.EnumerateObject().First(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)).Value;
}
