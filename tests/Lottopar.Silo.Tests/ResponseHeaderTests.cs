using System.Net;
using System.Net.Http.Json;
using System.Text;
using Lottopar.Silo.Tests.Infrastructure;
using Xunit;

namespace Lottopar.Silo.Tests;

/// <summary>
/// Every answer carries the environment and the browser protections, errors included, from the
/// real server on a socket; anonymous callers learn nothing about the build.
/// </summary>
public sealed class ResponseHeaderTests(ResponseHeaderTests.KestrelFixture fixture) : IClassFixture<ResponseHeaderTests.KestrelFixture>
{
    [Fact]
    public async Task EveryAnswerCarriesTheEnvironmentAndTheBrowserProtections()
    {
        var anonymous = fixture.Silo.CreateClient();
        var answers = new List<(string What, HttpResponseMessage Response)>
        {
            ("200 root", await anonymous.GetAsync("/")),
            ("200 docs page", await anonymous.GetAsync("/docs/index.html")),
            ("401", await anonymous.GetAsync("/admin/operators")),
            ("404", await anonymous.GetAsync("/no-such-route")),
            ("413", await anonymous.PostAsync("/auth/login", new StringContent(new string('x', 100_000), Encoding.UTF8, "application/json"))),
            ("422", await fixture.Admin.PutAsJsonAsync("/admin/lottery/draws/02/quota", new { })),
            ("500", await FailingRequestAsync()),
        };

        Assert.Equal([200, 200, 401, 404, 413, 422, 500], answers.Select(a => (int)a.Response.StatusCode));
        Assert.All(answers, a =>
        {
            var headers = a.Response.Headers;
            Assert.True(headers.TryGetValues("X-Lottopar-Environment", out var environment) && environment.Single() == "homologation", a.What);
            Assert.Equal(["nosniff"], headers.GetValues("X-Content-Type-Options"));
            Assert.Equal(["DENY"], headers.GetValues("X-Frame-Options"));
            Assert.Equal(["frame-ancestors 'none'"], headers.GetValues("Content-Security-Policy"));
            Assert.Equal(["no-referrer"], headers.GetValues("Referrer-Policy"));
            Assert.True(headers.CacheControl?.NoStore, a.What);
            Assert.False(headers.Contains("Server"), $"{a.What} names the server");
        });
    }

    [Fact]
    public async Task TheRootTellsTheBuildOnlyToLottoparStaff()
    {
        var anonymous = await Expect.JsonAsync(await fixture.Silo.CreateClient().GetAsync("/"));
        var staff = await Expect.JsonAsync(await fixture.Admin.GetAsync("/"));

        Assert.Equal(System.Text.Json.JsonValueKind.Null, anonymous.GetProperty("version").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, anonymous.GetProperty("silo").ValueKind);
        Assert.False(string.IsNullOrEmpty(staff.GetProperty("version").GetString()));
        Assert.False(string.IsNullOrEmpty(staff.GetProperty("silo").GetString()));
    }

    [Fact]
    public async Task ThePathCannotCarryANulCharacter()
    {
        using var socket = new System.Net.Sockets.TcpClient();
        var address = new Uri(fixture.Silo.CreateClient().BaseAddress!, "/");
        await socket.ConnectAsync(address.Host, address.Port);
        var stream = socket.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET /admin/operators/OPR%00 HTTP/1.1\r\nHost: {address.Authority}\r\nConnection: close\r\n\r\n"));

        var answer = await new StreamReader(stream).ReadToEndAsync();

        Assert.StartsWith("HTTP/1.1 400", answer);
    }

    [Fact]
    public async Task AChunkedBodyLargerThanTheEndpointTakesIsCutOffByTheServer()
    {
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes("{\"email\":\"" + new string('x', 200_000) + "\"}")));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        var response = await fixture.Silo.CreateClient().PostAsync("/auth/login", content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task AWebSaleFormTooLargeToReadIsAnsweredInTheProtocolAndClosesTheConnection()
    {
        var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["operation"] = "0", ["data"] = new string('1', 20_000) });

        var response = await fixture.Silo.CreateClient().PostAsync("/webSale.jsp", form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Matches("^[0-9]{1,2}$", await response.Content.ReadAsStringAsync());
        Assert.True(response.Headers.ConnectionClose, "the server said nothing of closing the connection");
    }

    /// <summary>A request that meets an unexpected failure (not a refusal, not an outage): a 500.</summary>
    private async Task<HttpResponseMessage> FailingRequestAsync()
    {
        fixture.Silo.Faults.FailNextWrite("lottery_catalog");
        return await fixture.Admin.PutAsJsonAsync("/admin/lottery/draws/02/quota", new { triple = 100 });
    }

    public sealed class KestrelFixture : IAsyncLifetime
    {
        public PlatformHost Silo { get; private set; } = null!;

        public HttpClient Admin { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Silo = await PlatformHost.StartAsync(kestrel: true);
            Admin = await Silo.AdminAsync();
        }

        public async Task DisposeAsync() => await Silo.DisposeAsync();
    }
}
