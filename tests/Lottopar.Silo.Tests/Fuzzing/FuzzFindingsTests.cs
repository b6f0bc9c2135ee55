using Xunit;

namespace Lottopar.Silo.Tests.Fuzzing;

/// <summary>
/// Requests the fuzzing properties once failed on, kept as fixed examples under the same checks, so that
/// a finding stays fixed whatever seed later runs draw.
/// </summary>
[Collection(FuzzCollection.Name)]
public sealed class FuzzFindingsTests(FuzzFixture fixture)
{
    /// <summary>
    /// GET /openapi/v1.json answered 500: the schema exporter described StrictJson's strings as "true",
    /// and BettingContractSchemas failed in its type initializer on that.
    /// </summary>
    [Fact]
    public async Task TheOpenApiDocumentIsServed()
    {
        Assert.Equal("200", await Fuzz.RefusedChangesNothingAsync(fixture, FuzzRequest.Get("/openapi/v1.json", Caller.Anonymous)));
    }

    /// <summary>A filter time with an offset other than UTC was handed to Npgsql as is, which refuses it for timestamptz: a 500.</summary>
    [Theory]
    [InlineData("/admin/audit?from=2026-01-01T00:00:00-03:00")]
    [InlineData("/admin/audit?to=2026-01-01T00:00:00%2B14:00&limit=5")]
    [InlineData("/admin/security-events?from=2026-01-01T00:00:00%2B14:00")]
    public async Task LogFiltersTakeTimesWithAnyOffset(string target)
    {
        Assert.Equal("200", await Fuzz.RefusedChangesNothingAsync(fixture, FuzzRequest.Get(target, Caller.Admin)));
    }

    /// <summary>A 404 or 405 to a client that does not accept JSON was plain text ("Status Code: 404; Not Found") without a code.</summary>
    [Theory]
    [InlineData("GET", "/admin/lottery/draws/%2e%2e/2026-12-03/sales", "404 not_found")]
    [InlineData("GET", "/no-such-route", "404 not_found")]
    [InlineData("PUT", "/no-such-route", "404 not_found")]
    [InlineData("POST", "/admin/no-such-route", "404 not_found")]
    [InlineData("DELETE", "/auth/me", "405 method_not_allowed")]
    public async Task AnAnswerNothingWroteIsProblemDetailsForABrowserToo(string method, string target, string expected)
    {
        var request = new FuzzRequest(method, target, Caller.Admin, [KeyValuePair.Create("Accept", "text/html")], null, null);

        Assert.Equal(expected, await Fuzz.RefusedChangesNothingAsync(fixture, request));
    }

    /// <summary>
    /// An OPRID of only whitespace reached an Orleans grain (the vault credentials moved onto
    /// Orleans), whose factory refuses such a key: a 500. It names no operator: 404, as before.
    /// </summary>
    [Theory]
    [InlineData("POST", "/admin/operators/%20%09/vault/ssh-keys")]
    [InlineData("PUT", "/admin/operators/%20/vault/signing-certificate")]
    [InlineData("GET", "/api/operators/%20/vault")]
    public async Task AWhitespaceOpridNamesNoOperator(string method, string target)
    {
        var body = method == "POST" ? """{"publicKey":"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIChSmP+OJ/BB6pfXmFiR/gPyQZJMiEkUj4uQ5R+bYmcM fuzz@lottopar"}""" : """{"pem":"x"}""";
        var request = method == "GET" ? FuzzRequest.Get(target, Caller.Admin) : FuzzRequest.Json(method, target, Caller.Admin, body);

        Assert.Equal("404 not_found", await Fuzz.RefusedChangesNothingAsync(fixture, request));
    }

    /// <summary>
    /// An API key whose OPRID part was a tab reached the operator grain, on Orleans now, whose
    /// factory refuses a whitespace key: a 500. An OPRID holds letters, digits and hyphens only, so
    /// such a key is malformed: 401, as any other malformed key.
    /// </summary>
    [Theory]
    [InlineData("lp_hml_\t_zzzzzzzzzzzzzzzz_ssssssssssssssssssssssssssssssssssssssss")]
    [InlineData("lp_hml_ _zzzzzzzzzzzzzzzz_ssssssssssssssssssssssssssssssssssssssss")]
    [InlineData("lp_prd_OPR/1_zzzzzzzzzzzzzzzz_ssssssssssssssssssssssssssssssssssssssss")]
    public async Task AnApiKeyWhoseOpridIsNoOpridIsMalformed(string key)
    {
        var request = FuzzRequest.Get("/bet-slips/slip_fuzz_finding", Caller.Anonymous, [new("x-api-key", key)]);

        Assert.Equal("401 malformed_key", await Fuzz.RefusedChangesNothingAsync(fixture, request));
    }
}
