using System.Net;
using System.Net.Http.Json;
using System.Text;
using Lottopar.Silo.Tests.Infrastructure;
using Xunit;

namespace Lottopar.Silo.Tests;

/// <summary>
/// Bad input outside the betting contract: text PostgreSQL cannot store in a query, a header
/// or an admin body; updates that name nothing; bodies larger than an endpoint takes. Each is a 4xx
/// naming what is wrong, and changes nothing.
/// </summary>
public sealed class RequestGuardTests(PlatformFixture fixture) : IClassFixture<PlatformFixture>
{
    [Theory]
    [InlineData("/admin/audit?oprid=%00")]
    [InlineData("/admin/security-events?oprid=%00")]
    [InlineData("/admin/staff?oprid=%00")]
    [InlineData("/admin/audit?actor=a%00b&limit=5")]
    public async Task AQueryParameterHoldingNulIsRefusedNamingIt(string url)
    {
        var parameter = url[(url.IndexOf('?') + 1)..url.IndexOf('=')];

        var problem = await Expect.ProblemAsync(await fixture.Admin.GetAsync(url), HttpStatusCode.BadRequest, "invalid_text");

        Assert.True(problem.GetProperty("errors").TryGetProperty(parameter, out _), problem.ToString());
    }

    [Fact]
    public async Task AHeaderHoldingNulIsRefusedNamingIt()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/admin/operators");
        request.Headers.TryAddWithoutValidation("X-Trace", "a\0b");

        var problem = await Expect.ProblemAsync(await fixture.Admin.SendAsync(request), HttpStatusCode.BadRequest, "invalid_text");

        Assert.True(problem.GetProperty("errors").TryGetProperty("X-Trace", out _), problem.ToString());
    }

    [Fact]
    public async Task AnAdminBodyHoldingNulOrALoneSurrogateIsRefusedNamingTheFieldAndOnboardsNobody()
    {
        var before = await fixture.Silo.Database.ScalarAsync<long>("select count(*) from grain_state where grain_type = 'operator'");
        var registration = System.Text.Json.JsonSerializer.Serialize(Registrations.New(), TestJson.Options);
        var withNul = registration.Replace("\"legalName\":\"", "\"legalName\":\"\\u0000", StringComparison.Ordinal);
        var withSurrogate = registration.Replace("\"city\":\"", "\"city\":\"\\ud800", StringComparison.Ordinal);

        var nul = await Expect.ProblemAsync(await PostJsonAsync("/admin/operators", withNul), HttpStatusCode.BadRequest, "invalid_text");
        var surrogate = await Expect.ProblemAsync(await PostJsonAsync("/admin/operators", withSurrogate), HttpStatusCode.BadRequest, "invalid_text");

        Assert.True(nul.GetProperty("errors").TryGetProperty("legalName", out _), nul.ToString());
        Assert.True(surrogate.GetProperty("errors").TryGetProperty("contact.address.city", out _), surrogate.ToString());
        Assert.Equal(before, await fixture.Silo.Database.ScalarAsync<long>("select count(*) from grain_state where grain_type = 'operator'"));
    }

    [Fact]
    public async Task AQuotaChangeThatNamesNoNumberTypeIsRefusedAndTheQuotaStays()
    {
        var before = await fixture.Admin.GetStringAsync("/admin/lottery/settings");

        var problem = await Expect.ProblemAsync(await fixture.Admin.PutAsJsonAsync("/admin/lottery/draws/03/quota", new { }), (HttpStatusCode)422, "validation_failed");

        Assert.True(problem.GetProperty("errors").TryGetProperty("body", out _), problem.ToString());
        Assert.Equal(before, await fixture.Admin.GetStringAsync("/admin/lottery/settings"));
    }

    [Fact]
    public async Task AQuotaChangeKeepsTheTypesItDoesNotNameAndRefusesAmountsOutOfRange()
    {
        await Expect.StatusAsync(await fixture.Admin.PutAsJsonAsync("/admin/lottery/draws/04/quota", new { triple = 5000, terminal = 50000, tripleZodiac = 500, terminalZodiac = 5000 }), 200);

        var changed = await Expect.JsonAsync(await fixture.Admin.PutAsJsonAsync("/admin/lottery/draws/04/quota", new { terminal = 7000 }));
        var refused = await Expect.ProblemAsync(
            await fixture.Admin.PutAsJsonAsync("/admin/lottery/draws/04/quota", new { triple = -1, terminalZodiac = 10_000_000_001L }), (HttpStatusCode)422, "validation_failed");

        var quota = changed.GetProperty("drawQuotas").GetProperty("04");
        Assert.Equal((5000, 7000, 500, 5000), (quota.GetProperty("triple").GetInt64(), quota.GetProperty("terminal").GetInt64(),
            quota.GetProperty("tripleZodiac").GetInt64(), quota.GetProperty("terminalZodiac").GetInt64()));
        Assert.Equal(["terminalZodiac", "triple"], refused.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order());
    }

    [Fact]
    public async Task APosUpdateThatNamesNothingIsRefused()
    {
        var oprid = await PlatformHost.OnboardAsync(fixture.Admin);
        await Expect.StatusAsync(await fixture.Admin.PutAsJsonAsync($"/admin/operators/{oprid}/lottery-provider",
            new { providerCode = ProviderCode(oprid), allowedIps = new[] { "127.0.0.1" }, enabled = true }), 200);
        await Expect.StatusAsync(await fixture.Admin.PostAsJsonAsync($"/admin/operators/{oprid}/pos", new { posCode = "7", printerSerial = $"Z{oprid[4..]}999" }), 200);

        var problem = await Expect.ProblemAsync(await fixture.Admin.PutAsJsonAsync($"/admin/operators/{oprid}/pos/7", new { }), (HttpStatusCode)422, "validation_failed");

        Assert.True(problem.GetProperty("errors").TryGetProperty("body", out _), problem.ToString());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ABodyLargerThanTheEndpointTakesIsRefusedWithoutBeingRead(bool declaredLength)
    {
        var huge = "{\"email\":\"a@b.com.br\",\"password\":\"" + new string('x', 5 * 1024 * 1024) + "\",\"totpCode\":\"123456\"}";
        var content = new StringContent(huge, Encoding.UTF8, "application/json");
        if (!declaredLength)
        {
            content = new ChunkedContent(huge);
        }

        var response = await fixture.Silo.CreateClient().PostAsync("/auth/login", content);

        await Expect.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "body_too_large");
    }

    [Fact]
    public async Task TheBettingEndpointTakesItsLargerBodiesButNotMore()
    {
        var client = fixture.Silo.WithApiKey(await PlatformHost.IssueKeyAsync(fixture.Admin, await PlatformHost.OnboardAsync(fixture.Admin), "homologation", "betting-events"));
        var big = "{\"meta\":{\"blob\":\"" + new string('x', 100 * 1024) + "\"}}";
        var tooBig = "{\"meta\":{\"blob\":\"" + new string('x', 300 * 1024) + "\"}}";

        await Expect.ProblemAsync(await client.PostAsync("/betting-events", new StringContent(big, Encoding.UTF8, "application/json")), (HttpStatusCode)422, "validation_failed");
        await Expect.ProblemAsync(await client.PostAsync("/betting-events", new StringContent(tooBig, Encoding.UTF8, "application/json")), HttpStatusCode.RequestEntityTooLarge, "body_too_large");
    }

    private Task<HttpResponseMessage> PostJsonAsync(string url, string json) =>
        fixture.Admin.PostAsync(url, new StringContent(json, Encoding.UTF8, "application/json"));

    /// <summary>A provider code from the OPRID's digits (1-3 digits, unique per operator in these tests).</summary>
    private static string ProviderCode(string oprid) => (int.Parse(oprid[4..]) % 900 + 100).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Content sent without a Content-Length (chunked), so only reading it can find its size.</summary>
    private sealed class ChunkedContent(string text) : StringContent(text, Encoding.UTF8, "application/json")
    {
        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
