using FsCheck.Fluent;
using Xunit;
using Xunit.Abstractions;

namespace Lottopar.Silo.Tests.Fuzzing;

/// <summary>
/// An operator's reads of its own data, the platform's own pages (root, health, metrics, outbox,
/// OpenAPI), and every route called with a method it does not take, under hostile ids, queries and headers.
/// </summary>
[Collection(FuzzCollection.Name)]
public sealed class PlatformFuzzTests(FuzzFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public Task OperatorReadsOfAnyIdNeverFailAndStoreNothing()
    {
        var oprid = Hostile.Segment(fixture.Oprid, fixture.VictimOprid, "OPR-999999");
        var caller = Gen.Frequency((5, Gen.Constant(Caller.Operator)), (2, Gen.Constant(Caller.Admin)), (1, Gen.Constant(Caller.Anonymous)));
        var requests = Gens.Zip(oprid, Gen.Elements("", "/", "/lottery-provider", "/vault", "/api-keys", "/x"), Hostile.Query("oprid", "limit"), caller)
            .SelectMany(t => Gen.Frequency(
                    (3, Gen.Constant(Array.Empty<KeyValuePair<string, string>>())),
                    (1, Hostile.Headers),
                    (1, Hostile.ApiKey(fixture.OperatorKey).Select(k => new[] { KeyValuePair.Create("x-api-key", k) })))
                .Select(headers => FuzzRequest.Get($"/api/operators/{t.Item1}{t.Item2}{t.Item3}", t.Item4, headers)));
        return Fuzz.CheckAsync(output, nameof(OperatorReadsOfAnyIdNeverFailAndStoreNothing), requests, 200, r => Fuzz.RefusedChangesNothingAsync(fixture, r));
    }

    [Fact]
    public Task PlatformPagesNeverFailTheServer()
    {
        var page = Gen.Elements("/", "/health/live", "/health/ready", "/runtime/metrics", "/dev/outbox", "/openapi/v1.json", "/docs/index.html", "/no-such-route");
        var caller = Gen.Elements(Caller.Anonymous, Caller.Admin, Caller.Operator);
        var requests = Gens.Zip(page, Hostile.Query("limit", "recipient", "format", "v"), caller, Hostile.Headers)
            .Select(t => FuzzRequest.Get(t.Item1 + t.Item2, t.Item3, t.Item4));
        return Fuzz.CheckAsync(output, nameof(PlatformPagesNeverFailTheServer), requests, 100, r => Fuzz.RefusedChangesNothingAsync(fixture, r));
    }

    [Fact]
    public Task EveryRouteCalledWithTheWrongMethodIsRefusedAndStoresNothing()
    {
        var routes = new[]
        {
            "/betting-events", $"/betting-events/{fixture.EventId}", $"/bet-slips/{fixture.BetSlipId}", "/auth/login", "/auth/logout", "/auth/me",
            "/admin/operators", $"/admin/operators/{fixture.VictimOprid}", $"/admin/operators/{fixture.VictimOprid}/contact",
            $"/admin/operators/{fixture.VictimOprid}/status", $"/admin/operators/{fixture.VictimOprid}/pos/7", $"/admin/operators/{fixture.VictimOprid}/api-keys",
            $"/admin/operators/{fixture.VictimOprid}/vault/ssh-keys", "/admin/staff", $"/admin/staff/{fixture.StaffEmail}/disable", "/admin/audit",
            "/admin/security-events", "/admin/lottery/settings", "/admin/lottery/catalog", $"/admin/lottery/draws/01/{fixture.Day(-1)}/result",
            "/admin/lottery/draws/01/quota", $"/api/operators/{fixture.Oprid}", "/health/ready", "/runtime/metrics",
        };
        var requests = Gens.Zip(Gen.Elements(routes), Gen.Elements("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "PROPFIND", "CONNECTX"),
                Gen.Elements(Caller.Admin, Caller.Operator, Caller.Anonymous), Gen.Elements<byte[]?>(null, "{}"u8.ToArray(), "[]"u8.ToArray()))
            .Select(t => new FuzzRequest(t.Item2, t.Item1, t.Item3, [], t.Item4 is null ? null : "application/json", t.Item4))
            .Where(r => !IsTheRightMethod(r));
        return Fuzz.CheckAsync(output, nameof(EveryRouteCalledWithTheWrongMethodIsRefusedAndStoresNothing), requests, 120,
            r => Fuzz.RefusedChangesNothingAsync(fixture, r));
    }

    /// <summary>Pairs that are a route's own method: those belong to the other properties (a DELETE of a quota would succeed).</summary>
    private static bool IsTheRightMethod(FuzzRequest request) => (request.Method, request.Target) switch
    {
        ("GET", var t) when !t.EndsWith("/contact", StringComparison.Ordinal) && !t.EndsWith("/status", StringComparison.Ordinal)
            && !t.EndsWith("/disable", StringComparison.Ordinal) && !t.EndsWith("/catalog", StringComparison.Ordinal)
            && !t.EndsWith("/quota", StringComparison.Ordinal) && !t.EndsWith("/pos/7", StringComparison.Ordinal)
            && t is not "/auth/login" and not "/auth/logout" and not "/betting-events" => true,
        ("POST", "/betting-events" or "/auth/login" or "/auth/logout" or "/admin/operators" or "/admin/staff") => true,
        ("POST", var t) when t.EndsWith("/status", StringComparison.Ordinal) || t.EndsWith("/disable", StringComparison.Ordinal)
            || t.EndsWith("/api-keys", StringComparison.Ordinal) || t.EndsWith("/ssh-keys", StringComparison.Ordinal) || t.EndsWith("/result", StringComparison.Ordinal) => true,
        ("PUT", var t) when t.EndsWith("/contact", StringComparison.Ordinal) || t.EndsWith("/pos/7", StringComparison.Ordinal)
            || t.EndsWith("/catalog", StringComparison.Ordinal) || t.EndsWith("/quota", StringComparison.Ordinal) => true,
        ("DELETE", var t) when t.EndsWith("/quota", StringComparison.Ordinal) || t.EndsWith("/ssh-keys", StringComparison.Ordinal) => true,
        _ => false,
    };
}
