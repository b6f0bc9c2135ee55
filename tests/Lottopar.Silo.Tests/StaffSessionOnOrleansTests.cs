using System.Net.Http.Json;
using Lottopar.GrainInterfaces.Staff;
using Lottopar.Grains.Staff;
using Lottopar.Silo.Tests.Infrastructure;
using Xunit;

namespace Lottopar.Silo.Tests;

/// <summary>
/// Staff sessions run on Orleans (the first stateful grain moved, issue 16): their state is in the
/// same grain_state rows as before, through our storage provider, and a sign-in whose session
/// cannot be written leaves no session behind.
/// </summary>
public sealed class StaffSessionOnOrleansTests : IAsyncLifetime
{
    private PlatformHost _silo = null!;

    public async Task InitializeAsync() => _silo = await PlatformHost.StartAsync();

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task ASessionIsStoredUnderItsOwnRowAndEndsWithSignOut()
    {
        var before = await SessionRowsAsync();
        var admin = await _silo.AdminAsync();
        Assert.Equal(before + 1, await SessionRowsAsync());

        await Expect.StatusAsync(await admin.PostAsync("/auth/logout", null), 204);

        await Expect.StatusAsync(await admin.GetAsync("/auth/me"), 401);
        Assert.Equal(before, await SessionRowsAsync()); // cleared: the row stays, its state goes, its version grows
    }

    [Fact]
    public async Task ASignInWhoseSessionCannotBeWrittenLeavesNoSession()
    {
        var staff = await _silo.CreateStaffAsync([StaffRole.Auditor.WireName()], oprid: null);
        var before = await SessionRowsAsync();

        _silo.Faults.FailNextSerialisation<StaffSessionState>();
        var failed = await _silo.CreateClient().PostAsJsonAsync("/auth/login",
            new { email = staff.Email, password = staff.Password, totpCode = _silo.TotpNow(staff.TotpSecret) });

        Assert.Equal(500, (int)failed.StatusCode);
        Assert.Equal(before, await SessionRowsAsync());
        var client = await _silo.SignInAsync(staff.Email, staff.Password, staff.TotpSecret);
        await Expect.StatusAsync(await client.GetAsync("/auth/me"), 200);
    }

    private async Task<long> SessionRowsAsync() =>
        await _silo.Database.ScalarAsync<long>("select count(*) from grain_state where grain_type = 'staff_session' and state is not null");
}
