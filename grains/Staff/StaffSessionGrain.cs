using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Staff;
using Lottopar.Providers.Abstractions;
using Orleans;
using Orleans.Runtime;

namespace Lottopar.Grains.Staff;

public sealed class StaffSessionState
{
    public string Email { get; set; } = "";

    public DateTimeOffset ExpiresAt { get; set; }
}

/// <summary>
/// A signed-in session. Valid until it expires or is ended, and only while its account stays
/// active: disabling an account ends its sessions at their next request. Its state holds the
/// account's e-mail, from which it finds the account's grain.
/// </summary>
[GrainType("staff_session")]
public sealed class StaffSessionGrain(
    [PersistentState(GrainStorageNames.State, GrainStorageNames.Storage)] IPersistentState<StaffSessionState> session,
    PersonalGrainKeys keys,
    TimeProvider clock) : Grain, IStaffSessionGrain
{
    public async Task StartAsync(string email, DateTimeOffset expiresAt)
    {
        session.State.Email = email;
        session.State.ExpiresAt = expiresAt;
        await session.WriteStateAsync();
    }

    public async Task<StaffPrincipal?> ValidateAsync()
    {
        if (!session.RecordExists || clock.GetUtcNow() >= session.State.ExpiresAt)
        {
            return null;
        }

        return await GrainFactory.Keyed<IStaffUserGrain>(keys.StaffAccount(session.State.Email)).GetActivePrincipalAsync();
    }

    public async Task EndAsync()
    {
        if (session.RecordExists)
        {
            await session.ClearStateAsync();
        }

        this.DeactivateOnIdle();
    }
}
