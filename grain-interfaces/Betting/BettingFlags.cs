namespace Lottopar.GrainInterfaces.Betting;

/// <summary>
/// What an accepted event can be flagged with. Flags never refuse an event: the regulator records
/// what the operator reported and marks what does not add up.
/// </summary>
public static class BettingFlags
{
    /// <summary>last_player_balance differs from the previous event's current_player_balance (same operator).</summary>
    public const string BalanceDiscontinuity = "balance_discontinuity";

    /// <summary>The balance moved in a way the event cannot explain (see docs/architecture.md, "Betting events").</summary>
    public const string ImplausibleBalanceChange = "implausible_balance_change";

    /// <summary>A result for a slip with no new_bet.</summary>
    public const string OrphanResult = "orphan_result";

    /// <summary>A cancellation for a slip with no new_bet.</summary>
    public const string OrphanCancellation = "orphan_cancellation";

    /// <summary>A new_bet of a player self-excluded at the event's time (from the operators' vault files).</summary>
    public const string SelfExcludedPlayer = "self_excluded_player";

    /// <summary>A second new_bet for a slip.</summary>
    public const string DuplicateNewBet = "duplicate_new_bet";

    /// <summary>A second result for a slip already settled.</summary>
    public const string DuplicateSettlement = "duplicate_settlement";

    /// <summary>A result for a slip that was cancelled.</summary>
    public const string ResultAfterCancellation = "result_after_cancellation";

    /// <summary>A cancellation for a slip already settled.</summary>
    public const string CancellationAfterSettlement = "cancellation_after_settlement";

    /// <summary>A second cancellation.</summary>
    public const string DuplicateCancellation = "duplicate_cancellation";

    /// <summary>Stake, odds, leg count, legs or free-bet flag differ from the slip's new_bet.</summary>
    public const string SlipChanged = "slip_changed";

    /// <summary>The slip's events name different players (tax_id).</summary>
    public const string PlayerChanged = "player_changed";

    /// <summary>bet_slip_state contradicts the event (a new_bet "settled", a result "open"...).</summary>
    public const string StateMismatch = "state_mismatch";

    /// <summary>event_date is more than five minutes after the time of receipt.</summary>
    public const string EventDateInFuture = "event_date_in_future";
}
