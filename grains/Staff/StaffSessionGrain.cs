using Lottopar.GrainInterfaces.Staff;
using Lottopar.Providers.Abstractions;
using Orleans;
using Orleans.Runtime;
using RuntimeGrains = Lottopar.Runtime.IGrainFactory;

namespace Lottopar.Grains.Staff;

public sealed class StaffSessionState
{
    public string Email { get; set; } = "";

    public DateTimeOffset ExpiresAt { get; set; }
}

/// <summary>
/// A signed-in session. Valid until it expires or is ended, and only while its account stays
/// active: disabling an account ends its sessions at their next request. An Orleans grain whose
/// state is kept by our storage provider under the same rows as before the move; it asks the
/// account, still on the runtime, through the runtime's factory.
/// </summary>
[GrainType("staff_session")]
public sealed class StaffSessionGrain(
    [PersistentState(GrainStorageNames.State, GrainStorageNames.Storage)] IPersistentState<StaffSessionState> session,
    RuntimeGrains accounts,
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

        return await accounts.GetGrain<IStaffUserGrain>(session.State.Email).GetActivePrincipalAsync();
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
