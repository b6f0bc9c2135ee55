using Lottopar.GrainInterfaces.Staff;
using Lottopar.Runtime;

namespace Lottopar.Grains.Staff;

public sealed class StaffSessionState
{
    public string Email { get; set; } = "";

    public DateTimeOffset ExpiresAt { get; set; }
}

/// <summary>
/// A signed-in session. Valid until it expires or is ended, and only while its account stays
/// active: disabling an account ends its sessions at their next request.
/// </summary>
[GrainType("staff_session")]
public sealed class StaffSessionGrain(TimeProvider clock) : Grain<StaffSessionState>, IStaffSessionGrain
{
    public async Task StartAsync(string email, DateTimeOffset expiresAt)
    {
        State.Email = email;
        State.ExpiresAt = expiresAt;
        await WriteStateAsync();
    }

    public async Task<StaffPrincipal?> ValidateAsync()
    {
        if (!RecordExists || clock.GetUtcNow() >= State.ExpiresAt)
        {
            return null;
        }

        return await GrainFactory.GetGrain<IStaffUserGrain>(State.Email).GetActivePrincipalAsync();
    }

    public async Task EndAsync()
    {
        if (RecordExists)
        {
            await ClearStateAsync();
        }

        DeactivateOnIdle();
    }
}
