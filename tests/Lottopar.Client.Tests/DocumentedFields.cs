namespace Lottopar.Client.Tests;

/// <summary>The field names of the betting-events API document, and which of them it marks as required.</summary>
internal static class DocumentedFields
{
    public static readonly HashSet<string> Event =
    [
        "tax_id", "event", "last_player_balance", "current_player_balance", "event_date", "bet_slip_id", "bet_slip_state",
        "total_stake", "total_odds", "leg_count", "is_live", "is_free_bet", "bonus_amount", "is_each_way", "bet_legs", "meta",
    ];

    public static readonly HashSet<string> RequiredEvent =
    [
        "tax_id", "event", "last_player_balance", "current_player_balance", "bet_slip_id", "total_stake", "total_odds",
        "leg_count", "bet_legs",
    ];

    public static readonly HashSet<string> Leg =
    [
        "leg_id", "odds", "sport_id", "sport_name", "event_id", "event_name", "tournament_id", "tournament_name",
        "market_id", "market_name", "selection_id", "selection_name", "event_start_time", "event_end_time",
        "leg_state", "result", "amount_won",
    ];

    public static readonly HashSet<string> RequiredLeg = ["leg_id", "odds"];
}
