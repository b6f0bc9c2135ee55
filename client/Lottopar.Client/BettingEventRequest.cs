using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lottopar.Client;

/// <summary>
/// The body of <c>POST /betting-events</c>, field for field as the betting-events API document lists it.
/// Amounts are integer centavos; odds are decimals. Optional fields left null are omitted from the JSON.
/// </summary>
public sealed record BettingEventRequest
{
    /// <summary>The player's CPF, usually formatted ("012.345.678-90").</summary>
    [JsonPropertyName("tax_id")]
    public required string TaxId { get; init; }

    /// <summary>"new_bet", "result" or "cancellation" (see <see cref="BettingEventTypes"/>).</summary>
    [JsonPropertyName("event")]
    public required string Event { get; init; }

    /// <summary>The player's balance before this event, in centavos.</summary>
    [JsonPropertyName("last_player_balance")]
    public required long LastPlayerBalance { get; init; }

    /// <summary>The player's balance after this event, in centavos.</summary>
    [JsonPropertyName("current_player_balance")]
    public required long CurrentPlayerBalance { get; init; }

    /// <summary>When the event happened; the platform uses the time of receipt when omitted.</summary>
    [JsonPropertyName("event_date")]
    public DateTimeOffset? EventDate { get; init; }

    [JsonPropertyName("bet_slip_id")]
    public required string BetSlipId { get; init; }

    /// <summary>"open", "settled" or "cancelled" (see <see cref="BetSlipStates"/>).</summary>
    [JsonPropertyName("bet_slip_state")]
    public string? BetSlipState { get; init; }

    /// <summary>The total staked on the slip, in centavos.</summary>
    [JsonPropertyName("total_stake")]
    public required long TotalStake { get; init; }

    /// <summary>The combined odds of the whole slip.</summary>
    [JsonPropertyName("total_odds")]
    public required decimal TotalOdds { get; init; }

    /// <summary>1 for a single, more for a multiple.</summary>
    [JsonPropertyName("leg_count")]
    public required int LegCount { get; init; }

    [JsonPropertyName("is_live")]
    public bool? IsLive { get; init; }

    [JsonPropertyName("is_free_bet")]
    public bool? IsFreeBet { get; init; }

    /// <summary>The bonus used on the slip, in centavos.</summary>
    [JsonPropertyName("bonus_amount")]
    public long? BonusAmount { get; init; }

    [JsonPropertyName("is_each_way")]
    public bool? IsEachWay { get; init; }

    [JsonPropertyName("bet_legs")]
    public required IReadOnlyList<BetLeg> BetLegs { get; init; }

    /// <summary>Free-form metadata about the event.</summary>
    [JsonPropertyName("meta")]
    public JsonElement? Meta { get; init; }
}
