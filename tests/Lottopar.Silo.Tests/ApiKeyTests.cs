using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lottopar.GrainInterfaces.Common;
using Lottopar.Silo.Tests.Infrastructure;
using Lottopar.Testing;
using Xunit;

namespace Lottopar.Silo.Tests;

/// <summary>API keys: issue, list, rotate with a grace period, revoke; environment, status, scope and rate checks.</summary>
public sealed class ApiKeyTests(ApiKeyFixture fixture) : IClassFixture<ApiKeyFixture>
{
    private readonly PlatformHost _silo = fixture.Silo;
    private readonly HttpClient _admin = fixture.Admin;

    private Task<HttpResponseMessage> ReadOwnAsync(string key, string oprid) => _silo.WithApiKey(key).GetAsync($"/api/operators/{oprid}");

    [Fact]
    public async Task IssuedKeyIsShownOnceAndListedWithoutItsSecret()
    {
        var oprid = await PlatformHost.OnboardAsync(_admin);
        var key = await PlatformHost.IssueKeyAsync(_admin, oprid, "homologation", "read", "betting-events");

        var listed = await Expect.JsonAsync(await _admin.GetAsync($"/admin/operators/{oprid}/api-keys"));

        var entry = Assert.Single(listed.EnumerateArray());
        Assert.Equal(string.Join('_', key.Split('_')[..4]), entry.GetProperty("prefix").GetString());
        Assert.Equal(["betting-events", "read"], entry.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()).Order());
        Assert.DoesNotContain(key.Split('_', 5)[4], listed.ToString());
        var stored = await _silo.Database.ScalarAsync<string>("select state::text from grain_state where grain_type = 'api_credentials'");
        Assert.DoesNotContain(key.Split('_', 5)[4], stored);
        await Expect.StatusAsync(await ReadOwnAsync(key, oprid), 200);
    }

    [Fact]
    public async Task RotatedKeyWorksDuringItsGracePeriodThenStops()
    {
        var oprid = await PlatformHost.OnboardAsync(_admin);
        var old = await PlatformHost.IssueKeyAsync(_admin, oprid);

        var rotation = await Expect.JsonAsync(await _admin.PostAsync($"/admin/operators/{oprid}/api-keys/{old.Split('_')[3]}/rotate", null), 201);
        var replacement = rotation.GetProperty("key").GetString()!;

        await Expect.StatusAsync(await ReadOwnAsync(old, oprid), 200);
        await Expect.StatusAsync(await ReadOwnAsync(replacement, oprid), 200);
        _silo.Clock.Advance(TimeSpan.FromMinutes(61));
        var refused = await Expect.ProblemAsync(await ReadOwnAsync(old, oprid), HttpStatusCode.Unauthorized, "key_rotated");
        Assert.Contains("grace period ended", refused.GetProperty("detail").GetString());
        await Expect.StatusAsync(await ReadOwnAsync(replacement, oprid), 200);
    }

    [Fact]
    public async Task RevokedKeyIsRefusedAtOnce()
    {
        var oprid = await PlatformHost.OnboardAsync(_admin);
        var key = await PlatformHost.IssueKeyAsync(_admin, oprid);
        await Expect.StatusAsync(await ReadOwnAsync(key, oprid), 200);

        await Expect.StatusAsync(await _admin.DeleteAsync($"/admin/operators/{oprid}/api-keys/{key.Split('_')[3]}"), 200);

        await Expect.ProblemAsync(await ReadOwnAsync(key, oprid), HttpStatusCode.Unauthorized, "key_revoked");
        await Expect.ProblemAsync(await _admin.DeleteAsync($"/admin/operators/{oprid}/api-keys/{key.Split('_')[3]}"), HttpStatusCode.Conflict, "conflict");
    }

    [Fact]
    public async Task KeyOfTheOtherEnvironmentIsRefusedSayingSo()
    {
        var oprid = await PlatformHost.OnboardAsync(_admin);
        var production = await PlatformHost.IssueKeyAsync(_admin, oprid, "production");

        var problem = await Expect.ProblemAsync(await ReadOwnAsync(production, oprid), HttpStatusCode.Unauthorized, "wrong_environment");

        Assert.Equal("This key belongs to the production environment; this is the homologation environment.", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task ForgedOrUnknownKeysAreRefusedAlike()
    {
        var oprid = await PlatformHost.OnboardAsync(_admin);
        var key = await PlatformHost.IssueKeyAsync(_admin, oprid);
        var forgedSecret = string.Join('_', key.Split('_')[..4]) + "_" + new string('A', 43);
        var unknownKeyId = string.Join('_', key.Split('_')[..3]) + "_0123456789abcdef_" + key.Split('_', 5)[4];

        var forged = await Expect.ProblemAsync(await ReadOwnAsync(forgedSecret, oprid), HttpStatusCode.Unauthorized, "unknown_key");
        var unknown = await Expect.ProblemAsync(await ReadOwnAsync(unknownKeyId, oprid), HttpStatusCode.Unauthorized, "unknown_key");
        await Expect.ProblemAsync(await _silo.CreateClient().GetAsync($"/api/operators/{oprid}"), HttpStatusCode.Unauthorized, "not_signed_in");

        Assert.Equal(forged.GetProperty("detail").GetString(), unknown.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task SuspendedOperatorIsRefusedWithTheReason()
    {
        var oprid = await PlatformHost.OnboardAsync(_admin);
        var key = await PlatformHost.IssueKeyAsync(_admin, oprid);
        await PlatformHost.ActivateAsync(_admin, oprid);

        await Expect.StatusAsync(await _admin.PostAsJsonAsync($"/admin/operators/{oprid}/status", new { status = "suspended", reason = "Unpaid fees" }), 200);

        var problem = await Expect.ProblemAsync(await ReadOwnAsync(key, oprid), HttpStatusCode.Forbidden, "operator_suspended");
        Assert.Contains("Unpaid fees", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task KeyWithoutTheRoutesScopeIsForbidden()
    {
        var oprid = await PlatformHost.OnboardAsync(_admin);
        var key = await PlatformHost.IssueKeyAsync(_admin, oprid, "homologation", "payments");

        var problem = await Expect.ProblemAsync(await ReadOwnAsync(key, oprid), HttpStatusCode.Forbidden, "scope_missing");

        Assert.Contains("'read'", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task UnknownScopesAreRefusedNamingThem()
    {
        var oprid = await PlatformHost.OnboardAsync(_admin);

        var response = await _admin.PostAsJsonAsync($"/admin/operators/{oprid}/api-keys", new { scopes = new[] { "read", "everything" } });

        var problem = await Expect.ProblemAsync(response, (HttpStatusCode)422, "validation_failed");
        Assert.Contains("everything", problem.GetProperty("errors").GetProperty("scopes")[0].GetString());
    }

    [Fact]
    public async Task KeyOverItsRateLimitGets429WithRetryAfter()
    {
        var oprid = await PlatformHost.OnboardAsync(_admin);
        var client = _silo.WithApiKey(await PlatformHost.IssueKeyAsync(_admin, oprid));

        // Burst 5, one per second, and the clock does not move: the sixth request is over.
        for (var i = 0; i < 5; i++)
        {
            await Expect.StatusAsync(await client.GetAsync($"/api/operators/{oprid}"), 200);
        }

        var limited = await client.GetAsync($"/api/operators/{oprid}");
        await Expect.ProblemAsync(limited, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.Equal("1", limited.Headers.GetValues("Retry-After").Single());
        _silo.Clock.Advance(TimeSpan.FromSeconds(2));
        await Expect.StatusAsync(await client.GetAsync($"/api/operators/{oprid}"), 200);
    }

    [Fact]
    public async Task EveryRefusedAttemptIsRecordedForIntegrity()
    {
        var oprid = await PlatformHost.OnboardAsync(_admin);
        var production = await PlatformHost.IssueKeyAsync(_admin, oprid, "production");
        await ReadOwnAsync(production, oprid);
        await _silo.WithApiKey("lp_hml_garbage").GetAsync($"/api/operators/{oprid}");

        var events = await Eventually.HoldsAsync(
            async () => (await _admin.GetFromJsonAsync<JsonElement>("/admin/security-events?limit=1000")).EnumerateArray().ToList(),
            e => e.Any(x => x.GetProperty("code").GetString() == "wrong_environment" && x.GetProperty("oprid").GetString() == oprid)
                && e.Any(x => x.GetProperty("code").GetString() == "malformed_key"),
            "both refusals are in the security log");

        var wrongEnvironment = events.First(x => x.GetProperty("code").GetString() == "wrong_environment" && x.GetProperty("oprid").GetString() == oprid);
        Assert.Equal(string.Join('_', production.Split('_')[..4]), wrongEnvironment.GetProperty("keyPrefix").GetString());
        Assert.Equal($"/api/operators/{oprid}", wrongEnvironment.GetProperty("route").GetString());
        Assert.DoesNotContain(production.Split('_', 5)[4], events.Select(e => e.ToString()).Aggregate(string.Concat));
    }
}

/// <summary>A short grace period and a tight rate limit, to watch both end.</summary>
public sealed class ApiKeyFixture : PlatformFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Lottopar:ApiKeys:RotationGracePeriod"] = "01:00:00",
        ["Lottopar:ApiKeys:RequestsPerSecond"] = "1",
        ["Lottopar:ApiKeys:Burst"] = "5",
    };
}

/// <summary>A production deployment (which must deliver notifications, never keep them in an outbox).</summary>
public sealed class ProductionFixture : PlatformFixture
{
    protected override DeploymentEnvironment Environment => DeploymentEnvironment.Production;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Lottopar:Notifications:Mode"] = "Deliver" };
}

/// <summary>A production deployment: pending operators may not operate there yet.</summary>
public sealed class ProductionEnvironmentTests(ProductionFixture fixture) : IClassFixture<ProductionFixture>
{
    private readonly PlatformHost _silo = fixture.Silo;

    [Fact]
    public async Task PendingOperatorIsRefusedInProductionUntilActivated()
    {
        var admin = fixture.Admin;
        var oprid = await PlatformHost.OnboardAsync(admin);
        var client = _silo.WithApiKey(await PlatformHost.IssueKeyAsync(admin, oprid, "production"));

        var problem = await Expect.ProblemAsync(await client.GetAsync($"/api/operators/{oprid}"), HttpStatusCode.Forbidden, "operator_pending");
        await PlatformHost.ActivateAsync(admin, oprid);

        Assert.Contains("homologation", problem.GetProperty("detail").GetString());
        await Expect.StatusAsync(await client.GetAsync($"/api/operators/{oprid}"), 200);
    }

    [Fact]
    public async Task HomologationKeyIsRefusedInProduction()
    {
        var admin = fixture.Admin;
        var oprid = await PlatformHost.OnboardAsync(admin);
        var homologation = await PlatformHost.IssueKeyAsync(admin, oprid, "homologation");

        var problem = await Expect.ProblemAsync(await _silo.WithApiKey(homologation).GetAsync($"/api/operators/{oprid}"), HttpStatusCode.Unauthorized, "wrong_environment");

        Assert.Contains("belongs to the homologation environment", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task SandboxRegistryIsNotEditableInProduction()
    {
        var response = await fixture.Admin.PutAsJsonAsync("/admin/sandbox/tax-registry", new { cpf = "52998224725", name = "Ana", status = "regular", birthDate = "1990-01-01" });

        await Expect.StatusAsync(response, 404);
    }
}
