using System.Text.Json.Serialization;

namespace Lottopar.Client;

/// <summary>One selection of a bet slip (an element of <c>bet_legs</c>). Optional fields left null are omitted.</summary>
public sealed record BetLeg
{
    [JsonPropertyName("leg_id")]
    public required string LegId { get; init; }

    [JsonPropertyName("odds")]
    public required decimal Odds { get; init; }

    [JsonPropertyName("sport_id")]
    public string? SportId { get; init; }

    [JsonPropertyName("sport_name")]
    public string? SportName { get; init; }

    [JsonPropertyName("event_id")]
    public string? EventId { get; init; }

    [JsonPropertyName("event_name")]
    public string? EventName { get; init; }

    [JsonPropertyName("tournament_id")]
    public string? TournamentId { get; init; }

    [JsonPropertyName("tournament_name")]
    public string? TournamentName { get; init; }

    [JsonPropertyName("market_id")]
    public string? MarketId { get; init; }

    [JsonPropertyName("market_name")]
    public string? MarketName { get; init; }

    [JsonPropertyName("selection_id")]
    public string? SelectionId { get; init; }

    [JsonPropertyName("selection_name")]
    public string? SelectionName { get; init; }

    [JsonPropertyName("event_start_time")]
    public DateTimeOffset? EventStartTime { get; init; }

    [JsonPropertyName("event_end_time")]
    public DateTimeOffset? EventEndTime { get; init; }

    /// <summary>"open", "won", "lost" or "void" (see <see cref="LegStates"/>).</summary>
    [JsonPropertyName("leg_state")]
    public string? LegState { get; init; }

    /// <summary>"won", "lost", "void" or "push" (see <see cref="LegResults"/>).</summary>
    [JsonPropertyName("result")]
    public string? Result { get; init; }

    /// <summary>What this selection won, in centavos.</summary>
    [JsonPropertyName("amount_won")]
    public long? AmountWon { get; init; }
}
