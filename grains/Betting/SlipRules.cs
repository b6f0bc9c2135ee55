using Lottopar.GrainInterfaces.Betting;

namespace Lottopar.Grains.Betting;

/// <summary>
/// A bet slip's lifecycle: open -> settled | cancelled. Whatever the operator reports is recorded;
/// what breaks the lifecycle is flagged, never silently treated as normal.
/// </summary>
public static class SlipRules
{
    /// <summary>The slip's state after the event, and the flags the event earns.</summary>
    public static (BetSlipState State, IReadOnlyList<string> Flags) Apply(BetSlipState? current, SlipTerms? terms, string? slipCpf, BettingEvent e)
    {
        var flags = new List<string>();
        var next = (current, e.Event) switch
        {
            (null, BettingEventType.NewBet) => BetSlipState.Open,
            (_, BettingEventType.NewBet) => Flag(current!.Value, BettingFlags.DuplicateNewBet),
            (null, BettingEventType.Result) => Flag(BetSlipState.Settled, BettingFlags.OrphanResult),
            (BetSlipState.Open, BettingEventType.Result) => BetSlipState.Settled,
            (BetSlipState.Settled, BettingEventType.Result) => Flag(BetSlipState.Settled, BettingFlags.DuplicateSettlement),
            (BetSlipState.Cancelled, BettingEventType.Result) => Flag(BetSlipState.Cancelled, BettingFlags.ResultAfterCancellation),
            (null, _) => Flag(BetSlipState.Cancelled, BettingFlags.OrphanCancellation),
            (BetSlipState.Open, _) => BetSlipState.Cancelled,
            (BetSlipState.Settled, _) => Flag(BetSlipState.Settled, BettingFlags.CancellationAfterSettlement),
            _ => Flag(BetSlipState.Cancelled, BettingFlags.DuplicateCancellation),
        };

        if (terms is not null && !terms.Matches(e))
        {
            flags.Add(BettingFlags.SlipChanged);
        }

        if (slipCpf is not null && slipCpf != e.Cpf)
        {
            flags.Add(BettingFlags.PlayerChanged);
        }

        if (e.BetSlipState is { } reported && reported != Expected(e.Event))
        {
            flags.Add(BettingFlags.StateMismatch);
        }

        return (next, flags);

        BetSlipState Flag(BetSlipState state, string flag)
        {
            flags.Add(flag);
            return state;
        }
    }

    private static BetSlipState Expected(BettingEventType kind) => kind switch
    {
        BettingEventType.NewBet => BetSlipState.Open,
        BettingEventType.Result => BetSlipState.Settled,
        _ => BetSlipState.Cancelled,
    };
}

/// <summary>What a slip was placed with; later events must report the same.</summary>
public sealed record SlipTerms(long TotalStake, decimal TotalOdds, int LegCount, bool IsFreeBet, IReadOnlyList<string> LegIds, IReadOnlyList<decimal> LegOdds)
{
    public static SlipTerms Of(BettingEvent e) =>
        new(e.TotalStake, e.TotalOdds, e.LegCount, e.IsFreeBet, [.. e.BetLegs.Select(l => l.LegId)], [.. e.BetLegs.Select(l => l.Odds)]);

    public bool Matches(BettingEvent e) =>
        TotalStake == e.TotalStake && TotalOdds == e.TotalOdds && LegCount == e.LegCount && IsFreeBet == e.IsFreeBet
        && LegIds.SequenceEqual(e.BetLegs.Select(l => l.LegId)) && LegOdds.SequenceEqual(e.BetLegs.Select(l => l.Odds));
}
