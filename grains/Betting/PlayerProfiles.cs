using Lottopar.GrainInterfaces.Betting;

namespace Lottopar.Grains.Betting;

/// <summary>
/// How the operators' vault records change a player: pure, so that applying a report twice, or an
/// older one after a newer, leaves the player as the newest report left it.
/// </summary>
public static class PlayerProfiles
{
    public static void Apply(PlayerState state, PlayerVaultReport report)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(report);
        if (report.Profile is { } profile)
        {
            ApplyProfile(state, report.Oprid, report.At, profile);
        }

        if (report.SelfExclusion is { } exclusion)
        {
            ApplySelfExclusion(state, exclusion);
        }
    }

    /// <summary>Whether the player is self-excluded at <paramref name="at"/>.</summary>
    public static bool IsExcludedAt(PlayerState state, DateTimeOffset at) =>
        state.SelfExclusion.Excluded && (state.SelfExclusionSince is not { } since || since <= at) && (state.SelfExclusion.Until is not { } until || at < until);

    private static void ApplyProfile(PlayerState state, string oprid, DateTimeOffset at, PlayerProfileReport report)
    {
        if (!state.Profiles.TryGetValue(oprid, out var profile))
        {
            state.Profiles[oprid] = profile = new PlayerProfile();
        }
        else if (at < profile.UpdatedAt)
        {
            return; // an older record than what is known: the newer one stands
        }

        profile.UpdatedAt = at;
        profile.Name = report.Name ?? profile.Name;
        profile.BirthDate = report.BirthDate ?? profile.BirthDate;
        profile.Email = report.Email ?? profile.Email;
        profile.Phone = report.Phone ?? profile.Phone;
        profile.City = report.City ?? profile.City;
        profile.State = report.State ?? profile.State;
        profile.AccountStatus = report.AccountStatus ?? profile.AccountStatus;
        profile.AccountReason = report.AccountStatus is null ? profile.AccountReason : report.AccountReason;
        profile.IdentityMethod = report.IdentityMethod ?? profile.IdentityMethod;
        profile.IdentityVerifiedAt = report.IdentityVerifiedAt ?? profile.IdentityVerifiedAt;
        profile.Limits = report.Limits is { } limits ? [.. limits] : profile.Limits;
    }

    /// <summary>The exclusion that ends last counts (one without end ends never); its start is the earliest of those in force.</summary>
    private static void ApplySelfExclusion(PlayerState state, PlayerSelfExclusionReport report)
    {
        var current = state.SelfExclusion;
        if (!current.Excluded || (current.Until is { } until && (report.Until is null || report.Until > until)))
        {
            var overlaps = current.Excluded && (current.Until is not { } end || report.StartsAt <= end);
            state.SelfExclusion = new SelfExclusionStatus(true, report.Until);
            state.SelfExclusionSince = overlaps && state.SelfExclusionSince is { } since && since < report.StartsAt ? since : report.StartsAt;
        }
        else if (state.SelfExclusionSince is { } since && report.StartsAt < since && (report.Until is not { } reportEnd || reportEnd >= since))
        {
            state.SelfExclusionSince = report.StartsAt;
        }
    }
}
