using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lottopar.GrainInterfaces.Common;
using Lottopar.Grains.Staff;
using Lottopar.Silo.Startup;
using Lottopar.Silo.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit;

namespace Lottopar.Silo.Tests;

/// <summary>
/// Staff accounts run on Orleans (issue 16), keyed by a keyed hash of the e-mail: no row is stored
/// under an e-mail, rows from before the move are re-keyed at start-up, and a change whose state
/// cannot be written leaves nothing behind and then succeeds.
/// </summary>
public sealed class StaffAccountsOnOrleansTests(PlatformFixture fixture) : IClassFixture<PlatformFixture>
{
    private readonly PlatformHost _silo = fixture.Silo;
    private readonly HttpClient _admin = fixture.Admin;

    private static string NewEmail() => $"conta.{Guid.NewGuid():N}@lottopar.example.com.br";

    [Fact]
    public async Task AnAccountIsStoredUnderItsHashedKeyAndListedByItsEmail()
    {
        var email = NewEmail();
        await Expect.StatusAsync(await _admin.PostAsJsonAsync("/admin/staff", new { email, fullName = "Ana Lima", roles = new[] { "auditor" } }), 201);

        var keys = _silo.Services.GetRequiredService<PersonalGrainKeys>();
        Assert.Equal(1, await _silo.Database.ScalarAsync<long>($"select count(*) from grain_state where grain_type = 'staff_user' and grain_key = '{keys.StaffAccount(email)}'"));
        Assert.Equal(0, await _silo.Database.ScalarAsync<long>("select count(*) from grain_state where grain_type = 'staff_user' and strpos(grain_key, '@') > 0"));
        var listed = await _admin.GetFromJsonAsync<JsonElement>("/admin/staff");
        Assert.Contains(listed.EnumerateArray(), s => s.GetProperty("email").GetString() == email);
    }

    [Fact]
    public async Task ARowStoredUnderItsEmailBeforeTheMoveIsReKeyedAndTheAccountStillSignsIn()
    {
        var staff = await _silo.CreateStaffAsync(["auditor"], oprid: null);
        var keys = _silo.Services.GetRequiredService<PersonalGrainKeys>();
        await _silo.Database.ExecuteAsync(
            $"update grain_state set grain_key = '{staff.Email}' where grain_type = 'staff_user' and grain_key = '{keys.StaffAccount(staff.Email)}'");

        var moved = await StaffRowRekeying.RunAsync(_silo.Services.GetRequiredService<NpgsqlDataSource>(), keys, CancellationToken.None);

        Assert.True(moved >= 1);
        Assert.Equal(0, await StaffRowRekeying.RunAsync(_silo.Services.GetRequiredService<NpgsqlDataSource>(), keys, CancellationToken.None));
        var client = await _silo.SignInAsync(staff.Email, staff.Password, staff.TotpSecret);
        await Expect.StatusAsync(await client.GetAsync("/auth/me"), 200);
    }

    [Fact]
    public async Task AfterANewSecretEveryAccountMovesToItsNewKeyAndBack()
    {
        var staff = await _silo.CreateStaffAsync(["auditor"], oprid: null);
        var dataSource = _silo.Services.GetRequiredService<NpgsqlDataSource>();
        var current = _silo.Services.GetRequiredService<PersonalGrainKeys>();
        var rotated = new PersonalGrainKeys([.. Enumerable.Range(7, 32).Select(i => (byte)i)]);
        var accounts = await _silo.Database.ScalarAsync<long>("select count(*) from grain_state where grain_type = 'staff_user' and state is not null");

        Assert.Equal(accounts, await StaffRowRekeying.RunAsync(dataSource, rotated, CancellationToken.None));
        Assert.Equal(1, await _silo.Database.ScalarAsync<long>($"select count(*) from grain_state where grain_type = 'staff_user' and grain_key = '{rotated.StaffAccount(staff.Email)}'"));
        Assert.Equal(accounts, await StaffRowRekeying.RunAsync(dataSource, current, CancellationToken.None));

        var client = await _silo.SignInAsync(staff.Email, staff.Password, staff.TotpSecret);
        await Expect.StatusAsync(await client.GetAsync("/auth/me"), 200);
    }

    [Fact]
    public async Task ACreationThatCannotBeWrittenLeavesNoAccountAndThenSucceeds()
    {
        var email = NewEmail();
        var draft = new { email, fullName = "Bia Souza", roles = new[] { "auditor" } };

        _silo.Faults.FailNextSerialisation<StaffUserState>();
        var failed = await _admin.PostAsJsonAsync("/admin/staff", draft);

        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        await Expect.StatusAsync(await _admin.GetAsync($"/admin/staff/{email}"), 404);
        await Expect.StatusAsync(await _admin.PostAsJsonAsync("/admin/staff", draft), 201);
        await Expect.StatusAsync(await _admin.GetAsync($"/admin/staff/{email}"), 200);
    }

    [Fact]
    public async Task ADisablingThatCannotBeWrittenLeavesTheAccountActiveAndThenSucceeds()
    {
        var staff = await _silo.CreateStaffAsync(["auditor"], oprid: null);

        _silo.Faults.FailNextWrite("staff_user");
        var failed = await _admin.PostAsJsonAsync($"/admin/staff/{staff.Email}/disable", new { reason = "left" });

        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Equal("active", (await _admin.GetFromJsonAsync<JsonElement>($"/admin/staff/{staff.Email}")).GetProperty("status").GetString());
        await Expect.StatusAsync(await _admin.PostAsJsonAsync($"/admin/staff/{staff.Email}/disable", new { reason = "left" }), 200);
        Assert.Equal("disabled", (await _admin.GetFromJsonAsync<JsonElement>($"/admin/staff/{staff.Email}")).GetProperty("status").GetString());
    }
}
