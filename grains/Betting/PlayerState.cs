using Lottopar.GrainInterfaces.Betting;

namespace Lottopar.Grains.Betting;

/// <summary>
/// A snapshot of the player: the events up to <see cref="LastSequence"/> are folded in. Events after
/// it are replayed from the event store on activation, so the snapshot need not be written per event.
/// </summary>
public sealed class PlayerState
{
    public long LastSequence { get; set; }

    public Dictionary<string, OperatorAccount> Accounts { get; set; } = [];

    public SelfExclusionStatus SelfExclusion { get; set; } = new(false, null);

    /// <summary>When the self-exclusion in <see cref="SelfExclusion"/> began.</summary>
    public DateTimeOffset? SelfExclusionSince { get; set; }

    /// <summary>What each operator's vault files say about the player (registration and updates).</summary>
    public Dictionary<string, PlayerProfile> Profiles { get; set; } = [];
}

/// <summary>One operator's registration of the player, as its latest vault records left it.</summary>
public sealed class PlayerProfile
{
    public DateTimeOffset UpdatedAt { get; set; }

    public string? Name { get; set; }

    public DateOnly? BirthDate { get; set; }

    public string? Email { get; set; }

    public string? Phone { get; set; }

    public string? City { get; set; }

    public string? State { get; set; }

    public string? AccountStatus { get; set; }

    public string? AccountReason { get; set; }

    public string? IdentityMethod { get; set; }

    public DateTimeOffset? IdentityVerifiedAt { get; set; }

    public List<PlayerLimit> Limits { get; set; } = [];
}

/// <summary>One operator's reports about the player.</summary>
public sealed class OperatorAccount
{
    public long LastBalance { get; set; }

    public DateTimeOffset LastEventAt { get; set; }

    public long Events { get; set; }

    public Dictionary<string, long> FlagCounts { get; set; } = [];

    public Dictionary<DateOnly, DailyTotals> Days { get; set; } = [];
}
