using Lottopar.GrainInterfaces.Betting;
using Lottopar.Grains.Betting;
using Xunit;

namespace Lottopar.Grains.Tests.Betting;

/// <summary>How vault reports change a player: newest record wins per operator, an update merges, the longest exclusion counts.</summary>
public sealed class PlayerProfilesTests
{
    private static readonly DateTimeOffset T = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    private static PlayerProfileReport Profile(string? email = null, string? name = null, string? status = null) =>
        new(name, null, email, null, null, null, status, null, null, null, null);

    private static PlayerVaultReport Report(DateTimeOffset at, PlayerProfileReport? profile = null, PlayerSelfExclusionReport? exclusion = null, string oprid = "OPR-000042") =>
        new(oprid, Guid.NewGuid().ToString("N"), at, profile, exclusion);

    [Fact]
    public void AnUpdateKeepsWhatItDoesNotSendAndAnOlderRecordChangesNothing()
    {
        var state = new PlayerState();

        PlayerProfiles.Apply(state, Report(T, Profile("a@example.com", "Maria", "active")));
        PlayerProfiles.Apply(state, Report(T.AddHours(1), Profile(email: "b@example.com")));
        PlayerProfiles.Apply(state, Report(T.AddMinutes(30), Profile(email: "stale@example.com", status: "closed")));
        PlayerProfiles.Apply(state, Report(T, Profile(email: "other@example.com"), oprid: "OPR-000043"));

        var profile = state.Profiles["OPR-000042"];
        Assert.Equal(("Maria", "b@example.com", "active", T.AddHours(1)), (profile.Name, profile.Email, profile.AccountStatus, profile.UpdatedAt));
        Assert.Equal("other@example.com", state.Profiles["OPR-000043"].Email);
    }

    [Fact]
    public void ASelfExclusionHoldsFromItsStartToItsEnd()
    {
        var state = new PlayerState();

        PlayerProfiles.Apply(state, Report(T, exclusion: new PlayerSelfExclusionReport(T, T.AddDays(7), "player")));

        Assert.Equal([false, true, true, false], new[] { T.AddMinutes(-1), T, T.AddDays(7).AddTicks(-1), T.AddDays(7) }.Select(at => PlayerProfiles.IsExcludedAt(state, at)));
    }

    [Fact]
    public void TheLongestExclusionCountsWhateverTheOrderAndAgainChangesNothing()
    {
        var week = Report(T, exclusion: new PlayerSelfExclusionReport(T, T.AddDays(7), "player"));
        var day = Report(T.AddDays(1), exclusion: new PlayerSelfExclusionReport(T.AddDays(1), T.AddDays(2), "operator"));
        var forever = Report(T.AddDays(3), exclusion: new PlayerSelfExclusionReport(T.AddDays(3), null, "national_register"));
        var orders = new[] { new[] { week, day, forever }, [forever, day, week], [day, forever, week, week, forever] };

        foreach (var order in orders)
        {
            var state = new PlayerState();
            foreach (var report in order)
            {
                PlayerProfiles.Apply(state, report);
            }

            Assert.Equal((true, (DateTimeOffset?)null), (state.SelfExclusion.Excluded, state.SelfExclusion.Until));
            Assert.True(PlayerProfiles.IsExcludedAt(state, T.AddYears(5)));
            Assert.True(PlayerProfiles.IsExcludedAt(state, T.AddDays(2)), string.Join(",", order.Select(r => r.At)));
        }
    }
}
