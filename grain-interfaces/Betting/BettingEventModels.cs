using System.Text.Json;

namespace Lottopar.GrainInterfaces.Betting;

/// <summary>
/// A betting event as the operator sent it (the contract of POST /betting-events, field for field),
/// before validation: every field is nullable so that the rules, not the parser, name what is missing.
/// <see cref="BettingEvent"/> is the validated form.
/// </summary>
public sealed record BettingEventSubmission(
    string? TaxId,
    string? Event,
    long? LastPlayerBalance,
    long? CurrentPlayerBalance,
    DateTimeOffset? EventDate,
    string? BetSlipId,
    string? BetSlipState,
    long? TotalStake,
    decimal? TotalOdds,
    int? LegCount,
    bool? IsLive,
    bool? IsFreeBet,
    long? BonusAmount,
    bool? IsEachWay,
    IReadOnlyList<BetLegSubmission?>? BetLegs,
    JsonElement? Meta);

public sealed record BetLegSubmission(
    string? LegId,
    decimal? Odds,
    string? SportId,
    string? SportName,
    string? EventId,
    string? EventName,
    string? TournamentId,
    string? TournamentName,
    string? MarketId,
    string? MarketName,
    string? SelectionId,
    string? SelectionName,
    DateTimeOffset? EventStartTime,
    DateTimeOffset? EventEndTime,
    string? LegState,
    string? Result,
    long? AmountWon);

/// <summary>
/// A validated betting event: CPF normalised to 11 digits, defaults applied (event_date = time of
/// receipt when absent, booleans false), amounts in centavos.
/// </summary>
/// <param name="EventDateGiven">False when event_date was absent and the receipt time stands in for it.</param>
public sealed record BettingEvent(
    string Cpf,
    BettingEventType Event,
    long LastPlayerBalance,
    long CurrentPlayerBalance,
    DateTimeOffset EventDate,
    bool EventDateGiven,
    string BetSlipId,
    BetSlipState? BetSlipState,
    long TotalStake,
    decimal TotalOdds,
    int LegCount,
    bool IsLive,
    bool IsFreeBet,
    long BonusAmount,
    bool IsEachWay,
    IReadOnlyList<BetLeg> BetLegs,
    JsonElement? Meta);

public sealed record BetLeg(
    string LegId,
    decimal Odds,
    string? SportId,
    string? SportName,
    string? EventId,
    string? EventName,
    string? TournamentId,
    string? TournamentName,
    string? MarketId,
    string? MarketName,
    string? SelectionId,
    string? SelectionName,
    DateTimeOffset? EventStartTime,
    DateTimeOffset? EventEndTime,
    LegState? LegState,
    LegResult? Result,
    long? AmountWon);

/// <summary>
/// An accepted event as recorded: the regulator's record, published on the "betting" stream and
/// archived in the event store in the same commit as the bet slip's state.
/// </summary>
/// <param name="PlayerSequence">The event's position among this player's events (all operators).</param>
public sealed record BettingEventRecord(
    Guid EventId,
    string Oprid,
    string Cpf,
    long PlayerSequence,
    DateTimeOffset ReceivedAt,
    BettingEvent Event,
    IReadOnlyList<string> Flags);

/// <summary>The answer to an accepted event (201), repeated as it was for a replay.</summary>
public sealed record BettingEventAccepted(
    Guid EventId,
    DateTimeOffset ReceivedAt,
    string BetSlipId,
    BetSlipState BetSlipState,
    IReadOnlyList<string> Flags,
    bool Replayed);

public static class BettingStreams
{
    /// <summary>Stream namespace of accepted betting events; the stream key is the OPRID.</summary>
    public const string Namespace = "betting";
}
