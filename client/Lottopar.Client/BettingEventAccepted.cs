using System.Text.Json.Serialization;

namespace Lottopar.Client;

/// <summary>
/// The 201 body of <c>POST /betting-events</c>. A replay of an already accepted event answers the
/// original body with <see cref="Replayed"/> set.
/// </summary>
public sealed record BettingEventAccepted
{
    [JsonPropertyName("event_id")]
    public required Guid EventId { get; init; }

    [JsonPropertyName("received_at")]
    public required DateTimeOffset ReceivedAt { get; init; }

    [JsonPropertyName("bet_slip_id")]
    public required string BetSlipId { get; init; }

    /// <summary>The slip's state after this event: "open", "settled" or "cancelled".</summary>
    [JsonPropertyName("bet_slip_state")]
    public string? BetSlipState { get; init; }

    /// <summary>What the platform noticed about the event, e.g. "balance_discontinuity".</summary>
    [JsonPropertyName("flags")]
    public IReadOnlyList<string> Flags { get; init; } = [];

    [JsonPropertyName("replayed")]
    public bool Replayed { get; init; }
}
