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
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record BettingEvent(
    [property: Orleans.Id(0)] string Cpf,
    [property: Orleans.Id(1)] BettingEventType Event,
    [property: Orleans.Id(2)] long LastPlayerBalance,
    [property: Orleans.Id(3)] long CurrentPlayerBalance,
    [property: Orleans.Id(4)] DateTimeOffset EventDate,
    [property: Orleans.Id(5)] bool EventDateGiven,
    [property: Orleans.Id(6)] string BetSlipId,
    [property: Orleans.Id(7)] BetSlipState? BetSlipState,
    [property: Orleans.Id(8)] long TotalStake,
    [property: Orleans.Id(9)] decimal TotalOdds,
    [property: Orleans.Id(10)] int LegCount,
    [property: Orleans.Id(11)] bool IsLive,
    [property: Orleans.Id(12)] bool IsFreeBet,
    [property: Orleans.Id(13)] long BonusAmount,
    [property: Orleans.Id(14)] bool IsEachWay,
    [property: Orleans.Id(15)] IReadOnlyList<BetLeg> BetLegs,
    [property: Orleans.Id(16)] JsonElement? Meta);

[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record BetLeg(
    [property: Orleans.Id(0)] string LegId,
    [property: Orleans.Id(1)] decimal Odds,
    [property: Orleans.Id(2)] string? SportId,
    [property: Orleans.Id(3)] string? SportName,
    [property: Orleans.Id(4)] string? EventId,
    [property: Orleans.Id(5)] string? EventName,
    [property: Orleans.Id(6)] string? TournamentId,
    [property: Orleans.Id(7)] string? TournamentName,
    [property: Orleans.Id(8)] string? MarketId,
    [property: Orleans.Id(9)] string? MarketName,
    [property: Orleans.Id(10)] string? SelectionId,
    [property: Orleans.Id(11)] string? SelectionName,
    [property: Orleans.Id(12)] DateTimeOffset? EventStartTime,
    [property: Orleans.Id(13)] DateTimeOffset? EventEndTime,
    [property: Orleans.Id(14)] LegState? LegState,
    [property: Orleans.Id(15)] LegResult? Result,
    [property: Orleans.Id(16)] long? AmountWon);

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
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record BettingEventAccepted(
    [property: Orleans.Id(0)] Guid EventId,
    [property: Orleans.Id(1)] DateTimeOffset ReceivedAt,
    [property: Orleans.Id(2)] string BetSlipId,
    [property: Orleans.Id(3)] BetSlipState BetSlipState,
    [property: Orleans.Id(4)] IReadOnlyList<string> Flags,
    [property: Orleans.Id(5)] bool Replayed);

public static class BettingStreams
{
    /// <summary>Stream namespace of accepted betting events; the stream key is the OPRID.</summary>
    public const string Namespace = "betting";

    /// <summary>The name an accepted event (a <see cref="BettingEventRecord"/>) is stored under; the event store archives it by this name.</summary>
    public const string EventRecorded = "BettingEventRecord";
}
