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
