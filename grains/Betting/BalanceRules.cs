using Lottopar.GrainInterfaces.Betting;

namespace Lottopar.Grains.Betting;

/// <summary>
/// The player's side of an event: is its balance where the previous event left it, and does the
/// change fit the event? See docs/architecture.md ("Betting events") for each rule and why.
/// </summary>
public static class BalanceRules
{
    /// <summary>How far ahead of receipt an event_date may be (clock differences) before it is flagged.</summary>
    public static readonly TimeSpan FutureTolerance = TimeSpan.FromMinutes(5);

    public static IReadOnlyList<string> Judge(long? previousBalance, BettingEvent e, DateTimeOffset receivedAt)
    {
        var flags = new List<string>();
        if (previousBalance is { } previous && previous != e.LastPlayerBalance)
        {
            flags.Add(BettingFlags.BalanceDiscontinuity);
        }

        if (!IsPlausible(e))
        {
            flags.Add(BettingFlags.ImplausibleBalanceChange);
        }

        if (e.EventDateGiven && e.EventDate > receivedAt + FutureTolerance)
        {
            flags.Add(BettingFlags.EventDateInFuture);
        }

        return flags;
    }

    /// <summary>
    /// new_bet: the stake leaves the balance (all of it, or only the part the bonus did not pay;
    /// nothing or up to the stake for a free bet). result: nothing comes in when every leg lost,
    /// otherwise between nothing and the stake times the total odds. cancellation: between nothing
    /// and the stake comes back.
    /// </summary>
    public static bool IsPlausible(BettingEvent e)
    {
        var change = e.CurrentPlayerBalance - e.LastPlayerBalance;
        return e.Event switch
        {
            BettingEventType.NewBet when e.IsFreeBet => change <= 0 && change >= -e.TotalStake,
            BettingEventType.NewBet => change == -e.TotalStake || change == -(e.TotalStake - Math.Min(e.BonusAmount, e.TotalStake)),
            BettingEventType.Result when e.BetLegs.All(l => l.LegState == LegState.Lost || l.Result == LegResult.Lost) => change == 0,
            BettingEventType.Result => change >= 0 && change <= MaximumPayout(e),
            _ => change >= 0 && change <= e.TotalStake,
        };
    }

    /// <summary>The most a slip can pay: stake times total odds, rounded up to the centavo.</summary>
    public static long MaximumPayout(BettingEvent e) => (long)Math.Ceiling(e.TotalStake * e.TotalOdds);
}
