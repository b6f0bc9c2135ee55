using System.Net;
using System.Net.Http.Json;
using Lottopar.GrainInterfaces.Staff;
using Lottopar.Silo.Tests.Infrastructure;
using Xunit;

namespace Lottopar.Silo.Tests;

/// <summary>
/// An operator sees only its own data: with another operator's OPRID every route answers 404,
/// and admin routes are closed to operators whatever their credential.
/// </summary>
public sealed class OperatorIsolationTests(IsolationFixture fixture) : IClassFixture<IsolationFixture>
{
    private readonly PlatformHost _silo = fixture.Silo;
    private readonly HttpClient _admin = fixture.Admin;
    private readonly string _operatorA = fixture.OperatorA;
    private readonly string _operatorB = fixture.OperatorB;

    /// <summary>Every operator-facing route that takes an OPRID.</summary>
    public static TheoryData<string> OperatorRoutes => new()
    {
        "/api/operators/{0}",
        "/api/operators/{0}/lottery-provider",
        "/api/operators/{0}/vault",
        "/api/operators/{0}/api-keys",
    };

    /// <summary>Every admin route, with an OPRID where it takes one: none is open to operators.</summary>
    public static TheoryData<string, string> AdminRoutes => new()
    {
        { "GET", "/admin/operators" },
        { "POST", "/admin/operators" },
        { "GET", "/admin/operators/{0}" },
        { "PUT", "/admin/operators/{0}/contact" },
        { "PUT", "/admin/operators/{0}/license" },
        { "POST", "/admin/operators/{0}/status" },
        { "PUT", "/admin/operators/{0}/lottery-provider" },
        { "POST", "/admin/operators/{0}/pos" },
        { "PUT", "/admin/operators/{0}/pos/ABCDE12345" },
        { "POST", "/admin/operators/{0}/vault/ssh-keys" },
        { "DELETE", "/admin/operators/{0}/vault/ssh-keys?fingerprint=x" },
        { "PUT", "/admin/operators/{0}/vault/signing-certificate" },
        { "GET", "/admin/operators/{0}/api-keys" },
        { "POST", "/admin/operators/{0}/api-keys" },
        { "POST", "/admin/operators/{0}/api-keys/0123456789abcdef/rotate" },
        { "DELETE", "/admin/operators/{0}/api-keys/0123456789abcdef" },
        { "GET", "/admin/staff" },
        { "POST", "/admin/staff" },
        { "GET", "/admin/audit" },
        { "GET", "/admin/security-events" },
    };

    [Theory]
    [MemberData(nameof(OperatorRoutes))]
    public async Task KeyOfOneOperatorReadsItsOwnDataAndNothingOfAnother(string route)
    {
        var keyOfA = fixture.ReadKeyOfA;

        await Expect.StatusAsync(await keyOfA.GetAsync(string.Format(route, _operatorA)), 200);
        var other = await keyOfA.GetAsync(string.Format(route, _operatorB));

        await Expect.ProblemAsync(other, HttpStatusCode.NotFound, "not_found");
        Assert.DoesNotContain(_operatorB, await _admin.GetStringAsync($"/admin/operators/{_operatorA}/api-keys"));
    }

    [Theory]
    [MemberData(nameof(OperatorRoutes))]
    public async Task StaffOfOneOperatorReadsItsOwnDataAndNothingOfAnother(string route)
    {
        var staffOfA = fixture.ViewerOfA;

        await Expect.StatusAsync(await staffOfA.GetAsync(string.Format(route, _operatorA)), 200);
        await Expect.ProblemAsync(await staffOfA.GetAsync(string.Format(route, _operatorB)), HttpStatusCode.NotFound, "not_found");
    }

    [Theory]
    [MemberData(nameof(AdminRoutes))]
    public async Task AdminRoutesAreClosedToOperatorKeysAndOperatorStaff(string method, string route)
    {
        var keyOfA = fixture.AllScopesKeyOfA;
        var adminOfA = fixture.AdminOfA;
        var path = string.Format(route, _operatorB);
        var auditBefore = await _silo.Database.ScalarAsync<long>("select count(*) from stream_events where stream_namespace = 'audit'");

        var withKey = await keyOfA.SendAsync(Request(method, path));
        var withStaff = await adminOfA.SendAsync(Request(method, path));

        await Expect.StatusAsync(withKey, 401);
        await Expect.StatusAsync(withStaff, 403);
        Assert.Equal(auditBefore, await _silo.Database.ScalarAsync<long>("select count(*) from stream_events where stream_namespace = 'audit'"));
    }

    [Fact]
    public async Task OperatorStaffCannotBeBoundToAnOperatorThatDoesNotExist()
    {
        var response = await _admin.PostAsJsonAsync("/admin/staff", new
        {
            email = $"x{Guid.NewGuid():N}@example.com.br", fullName = "X", roles = new[] { "operator-viewer" }, oprid = "OPR-999999",
        });

        await Expect.ProblemAsync(response, HttpStatusCode.NotFound, "not_found");
    }

    private static HttpRequestMessage Request(string method, string path) => new(new HttpMethod(method), path)
    {
        Content = method is "POST" or "PUT" ? JsonContent.Create(new { }) : null,
    };
}

/// <summary>Two operators, and operator A's credentials of every kind.</summary>
public sealed class IsolationFixture : PlatformFixture, IAsyncLifetime
{
    public string OperatorA { get; private set; } = null!;

    public string OperatorB { get; private set; } = null!;

    public HttpClient ReadKeyOfA { get; private set; } = null!;

    public HttpClient AllScopesKeyOfA { get; private set; } = null!;

    public HttpClient ViewerOfA { get; private set; } = null!;

    public HttpClient AdminOfA { get; private set; } = null!;

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        OperatorA = await PlatformHost.OnboardAsync(Admin);
        OperatorB = await PlatformHost.OnboardAsync(Admin);
        ReadKeyOfA = Silo.WithApiKey(await PlatformHost.IssueKeyAsync(Admin, OperatorA));
        AllScopesKeyOfA = Silo.WithApiKey(await PlatformHost.IssueKeyAsync(Admin, OperatorA, "homologation", "read", "betting-events", "payments", "cpf", "lottery", "vault"));
        ViewerOfA = await Silo.StaffAsync([StaffRole.OperatorViewer.WireName()], OperatorA);
        AdminOfA = await Silo.StaffAsync([StaffRole.OperatorAdmin.WireName()], OperatorA);
    }
}
