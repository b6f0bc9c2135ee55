using Lottopar.GrainInterfaces.Betting;
using Lottopar.Grains.Common;

namespace Lottopar.Grains.Betting;

/// <summary>
/// What one accepted betting event adds to a day's totals, and which day: the Brasília calendar day
/// of its event_date. A new_bet adds its stake, its bonus and one bet; a result adds what the
/// player's balance gained (never less than nothing); a cancellation adds nothing. The one
/// arithmetic of the player's daily totals (<see cref="PlayerGrain"/>) and of the operators' daily
/// activity (the silo's projection), so the two cannot disagree.
/// </summary>
public static class BettingActivity
{
    public static DateOnly DayOf(BettingEvent e) => BrasiliaTime.Today(e.EventDate);

    /// <summary>
    /// Amounts are bounded (<see cref="BettingEventRules.MaxCentavos"/>), so nothing here can
    /// overflow in practice; checked, it would throw rather than wrap.
    /// </summary>
    public static BettingDayChange ChangeOf(BettingEvent e)
    {
        var balanceChange = checked(e.CurrentPlayerBalance - e.LastPlayerBalance);
        return e.Event switch
        {
            BettingEventType.NewBet => new BettingDayChange(1, e.TotalStake, e.BonusAmount, 0),
            BettingEventType.Result => new BettingDayChange(0, 0, 0, Math.Max(0, balanceChange)),
            _ => BettingDayChange.None,
        };
    }

    /// <summary>A player's totals of a day with the change folded in.</summary>
    public static DailyTotals Add(DailyTotals totals, BettingDayChange change) => checked(totals with
    {
        Stakes = totals.Stakes + change.Stakes,
        Winnings = totals.Winnings + change.Winnings,
        Bonus = totals.Bonus + change.Bonus,
        Bets = totals.Bets + change.Bets,
    });
}

/// <summary>What one betting event adds to a day: bets (a count), then stakes, bonus and winnings in centavos.</summary>
public readonly record struct BettingDayChange(int Bets, long Stakes, long Bonus, long Winnings)
{
    public static readonly BettingDayChange None;
}
