using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lottopar.GrainInterfaces.Operators;
using Lottopar.Silo.Tests.Infrastructure;
using Lottopar.Testing;
using Xunit;

namespace Lottopar.Silo.Tests;

/// <summary>Onboarding through the admin API: the OPRID, the uniqueness rules, validation, status, audit.</summary>
public sealed class OnboardingTests(PlatformFixture fixture) : IClassFixture<PlatformFixture>
{
    private readonly PlatformHost _silo = fixture.Silo;
    private readonly HttpClient _admin = fixture.Admin;

    private Task<HttpResponseMessage> RegisterAsync(OperatorRegistration registration) => _admin.PostAsJsonAsync("/admin/operators", registration, TestJson.Options);

    [Fact]
    public async Task OnboardingIssuesAnOpridAndStartsPending()
    {
        var response = await RegisterAsync(Registrations.New());

        var view = (await Expect.JsonAsync(response, 201)).Deserialize<OperatorView>(TestJson.Options)!;
        Assert.Matches("^OPR-[0-9]{6}$", view.Oprid);
        Assert.Equal($"/admin/operators/{view.Oprid}", response.Headers.Location!.OriginalString);
        Assert.Equal(OperatorStatus.Pending, view.Status);
        Assert.Matches("^[0-9]{14}$", view.Cnpj);
        Assert.StartsWith("+5541", view.Contact.Mobile);
        var listed = await Expect.JsonAsync(await _admin.GetAsync("/admin/operators?status=pending"));
        Assert.Contains(listed.EnumerateArray(), o => o.GetProperty("oprid").GetString() == view.Oprid);
    }

    [Fact]
    public async Task ConcurrentOnboardingsWithOneCnpjGiveOneSuccessAndOneConflictNamingTheField()
    {
        var first = Registrations.New();
        var second = Registrations.New() with { Cnpj = first.Cnpj };

        var responses = await Task.WhenAll(RegisterAsync(first), RegisterAsync(second));

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Conflict], responses.Select(r => r.StatusCode).Order());
        var conflict = await Expect.ProblemAsync(responses.Single(r => r.StatusCode == HttpStatusCode.Conflict), HttpStatusCode.Conflict, "conflict");
        Assert.Equal("cnpj", conflict.GetProperty("field").GetString());
        Assert.Equal(1, await _silo.Database.ScalarAsync<long>("select count(*) from grain_state where grain_type = 'operator'"
            + $" and state->>'cnpj' = '{new string(first.Cnpj.Where(char.IsAsciiDigit).ToArray())}'"));
    }

    public static TheoryData<string, string> UniqueFields => new()
    {
        { "cnpj", "cnpj" },
        { "license", "license.number" },
        { "email", "contact.email" },
        { "mobile", "contact.mobile" },
    };

    [Theory]
    [MemberData(nameof(UniqueFields))]
    public async Task EachRegistrationFieldThatMustBeUniqueIsRefusedTwice(string which, string field)
    {
        var taken = Registrations.New();
        var oprid = await PlatformHost.OnboardAsync(_admin, taken);
        var fresh = Registrations.New();
        var clash = which switch
        {
            "cnpj" => fresh with { Cnpj = taken.Cnpj },
            "license" => fresh with { License = fresh.License with { Number = taken.License.Number.ToLowerInvariant() } },
            "email" => fresh with { Contact = fresh.Contact with { Email = taken.Contact.Email.ToUpperInvariant() } },
            _ => fresh with { Contact = fresh.Contact with { Mobile = "+55 " + taken.Contact.Mobile } },
        };

        var problem = await Expect.ProblemAsync(await RegisterAsync(clash), HttpStatusCode.Conflict, "conflict");

        Assert.Equal(field, problem.GetProperty("field").GetString());
        Assert.Contains(oprid, problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task InvalidRegistrationNamesEveryFailingFieldAndStoresNothing()
    {
        var valid = Registrations.New();
        var invalid = valid with
        {
            LegalName = "",
            Cnpj = "11.222.333/0001-82",
            License = valid.License with { ValidFrom = new DateOnly(2027, 1, 1), ValidUntil = new DateOnly(2026, 12, 31) },
            Contact = valid.Contact with { Email = "not-an-email", Landline = "12345", Address = valid.Contact.Address with { State = "XX" } },
        };
        var before = await _silo.Database.ScalarAsync<long>("select count(*) from grain_state where grain_type = 'operator'");

        var problem = await Expect.ProblemAsync(await RegisterAsync(invalid), (HttpStatusCode)422, "validation_failed");

        var fields = problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).ToList();
        Assert.Equal(["cnpj", "contact.address.state", "contact.email", "contact.landline", "legalName", "license.validUntil"], fields.Order());
        Assert.Equal(before, await _silo.Database.ScalarAsync<long>("select count(*) from grain_state where grain_type = 'operator'"));
    }

    [Fact]
    public async Task MalformedJsonIsRefusedNamingTheBadValue()
    {
        using var content = new StringContent("""{"legalName": "X", "license": {"validFrom": "yesterday"}}""", System.Text.Encoding.UTF8, "application/json");

        var problem = await Expect.ProblemAsync(await _admin.PostAsync("/admin/operators", content), HttpStatusCode.BadRequest, "malformed_json");

        Assert.True(problem.GetProperty("errors").TryGetProperty("license.validFrom", out _), problem.ToString());
    }

    [Fact]
    public async Task OpridsAreNeverReused()
    {
        var registration = Registrations.New();
        var first = await PlatformHost.OnboardAsync(_admin, registration);
        await Expect.StatusAsync(await RegisterAsync(Registrations.New() with { Cnpj = "00.000.000/0000-00" }), 422);
        await Expect.StatusAsync(await RegisterAsync(Registrations.New() with { Cnpj = registration.Cnpj }), 409);
        var second = await PlatformHost.OnboardAsync(_admin);

        // Each refused onboarding took a number; none is given out again.
        Assert.Equal(int.Parse(first[4..]) + 3, int.Parse(second[4..]));
    }

    [Fact]
    public async Task StatusMovesAlongItsLifecycleWithReasonsAndRevocationIsFinal()
    {
        var oprid = await PlatformHost.OnboardAsync(_admin);

        await PlatformHost.ActivateAsync(_admin, oprid);
        await Expect.StatusAsync(await _admin.PostAsJsonAsync($"/admin/operators/{oprid}/status", new { status = "suspended", reason = "Late vault files" }), 200);
        var missingReason = await _admin.PostAsJsonAsync($"/admin/operators/{oprid}/status", new { status = "active", reason = "" });
        Assert.True((await Expect.ProblemAsync(missingReason, (HttpStatusCode)422, "validation_failed")).GetProperty("errors").TryGetProperty("reason", out _));
        await Expect.StatusAsync(await _admin.PostAsJsonAsync($"/admin/operators/{oprid}/status", new { status = "revoked", reason = "License cancelled" }), 200);
        var afterRevocation = await _admin.PostAsJsonAsync($"/admin/operators/{oprid}/status", new { status = "active", reason = "Please" });

        var problem = await Expect.ProblemAsync(afterRevocation, HttpStatusCode.Conflict, "conflict");
        Assert.Contains("revocation is final", problem.GetProperty("detail").GetString());
        var view = (await _admin.GetFromJsonAsync<JsonElement>($"/admin/operators/{oprid}")).GetProperty("operator");
        var history = view.GetProperty("statusHistory").EnumerateArray().Select(h => (h.GetProperty("to").GetString(), h.GetProperty("reason").GetString())).ToList();
        Assert.Equal([("pending", "Registered"), ("active", "go-live"), ("suspended", "Late vault files"), ("revoked", "License cancelled")], history);
    }

    [Fact]
    public async Task EveryAdministrativeActionLeavesAnAuditEntryWithBeforeAndAfter()
    {
        var oprid = await PlatformHost.OnboardAsync(_admin);
        var registration = (await _admin.GetFromJsonAsync<JsonElement>($"/admin/operators/{oprid}")).GetProperty("operator");
        var contact = registration.GetProperty("contact").Deserialize<ContactPerson>(TestJson.Options)! with { FullName = "Novo Contato" };

        await Expect.StatusAsync(await _admin.PutAsJsonAsync($"/admin/operators/{oprid}/contact", contact), 200);
        await Expect.StatusAsync(await _admin.PutAsJsonAsync($"/admin/operators/{oprid}/license", Registrations.New().License), 200);
        await PlatformHost.ActivateAsync(_admin, oprid);
        await Expect.StatusAsync(await _admin.PutAsJsonAsync($"/admin/operators/{oprid}/lottery-provider",
            new { providerCode = (100 + Random.Shared.Next(899)).ToString(), allowedIps = new[] { "200.10.20.0/24" }, enabled = true }), 200);
        var key = await PlatformHost.IssueKeyAsync(_admin, oprid);
        var keyId = key.Split('_')[3];
        await Expect.StatusAsync(await _admin.PostAsync($"/admin/operators/{oprid}/api-keys/{keyId}/rotate", null), 201);

        var expected = new[]
        {
            "operator.registered", "operator.contact_updated", "operator.license_updated", "operator.status_changed",
            "lottery_provider.configured", "api_key.created", "api_key.created", "api_key.rotated",
        };
        var entries = await Eventually.HoldsAsync(
            async () => (await _admin.GetFromJsonAsync<JsonElement>($"/admin/audit?oprid={oprid}")).EnumerateArray().Reverse().ToList(),
            e => e.Count >= expected.Length,
            "the audit log shows every action");
        Assert.Equal(expected, entries.Select(e => e.GetProperty("action").GetString()));
        var contactChange = entries[1];
        Assert.Equal("Contato Teste", contactChange.GetProperty("before").GetProperty("contact").GetProperty("fullName").GetString());
        Assert.Equal("Novo Contato", contactChange.GetProperty("after").GetProperty("contact").GetProperty("fullName").GetString());
        Assert.All(entries, e => Assert.Equal("staff", e.GetProperty("actorKind").GetString()));
        Assert.Equal("active", entries[3].GetProperty("after").GetProperty("status").GetString());
        Assert.Equal("go-live", entries[3].GetProperty("reason").GetString());
        Assert.DoesNotContain(entries, e => e.ToString().Contains("secretHash", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task AuditLogCannotBeChangedOrDeleted()
    {
        await PlatformHost.OnboardAsync(_admin);
        await Eventually.HoldsAsync(() => _silo.Database.ScalarAsync<long>("select count(*) from audit_log"), n => n > 0, "an audit entry exists");

        var update = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => _silo.Database.ExecuteAsync("update audit_log set action = 'nothing'"));
        var delete = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => _silo.Database.ExecuteAsync("delete from audit_log"));

        Assert.Contains("append-only", update.MessageText);
        Assert.Contains("append-only", delete.MessageText);
    }
}
