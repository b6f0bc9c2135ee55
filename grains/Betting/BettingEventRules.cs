using System.Text;
using Lottopar.GrainInterfaces.Betting;
using Lottopar.GrainInterfaces.Common;
using Lottopar.Grains.Validation;

namespace Lottopar.Grains.Betting;

/// <summary>
/// The rules of POST /betting-events: every field of the contract checked, every failing field
/// named (as the contract names it, e.g. <c>bet_legs[1].odds</c>) in one 422, defaults applied.
/// </summary>
public static class BettingEventRules
{
    public const int MaxMetaBytes = 16 * 1024;
    public const int MaxLegs = 100;
    public const int MaxIdLength = 128;
    public const int MaxTextLength = 500;
    public const decimal MaxOdds = 1_000_000m;

    /// <summary>How far total_odds may stray from the product of the legs' odds: 1%, for operators' rounding.</summary>
    public const decimal TotalOddsTolerance = 0.01m;

    public static BettingEvent Validate(BettingEventSubmission? submission, DateTimeOffset receivedAt)
    {
        var errors = new ValidationErrors();
        if (submission is null)
        {
            throw DomainValidationException.For("body", "A JSON object is required.");
        }

        var cpf = "";
        if (Required(submission.TaxId, "tax_id", errors) && errors.Require(Cpf.TryNormalize(submission.TaxId, out var normalized), "tax_id",
            "Not a valid CPF: 11 digits with valid check digits (\"012.345.678-90\" or \"01234567890\"); repeated digits are not valid."))
        {
            cpf = normalized;
        }

        var kind = Enum<BettingEventType>(submission.Event, "event", required: true, errors);
        var last = Centavos(submission.LastPlayerBalance, "last_player_balance", required: true, errors);
        var current = Centavos(submission.CurrentPlayerBalance, "current_player_balance", required: true, errors);
        var betSlipId = Identifier(submission.BetSlipId, "bet_slip_id", required: true, errors);
        var slipState = Enum<BetSlipState>(submission.BetSlipState, "bet_slip_state", required: false, errors);
        var stake = Centavos(submission.TotalStake, "total_stake", required: true, errors);
        var totalOdds = Odds(submission.TotalOdds, "total_odds", errors);
        var bonus = Centavos(submission.BonusAmount, "bonus_amount", required: false, errors);
        var legs = Legs(submission.BetLegs, errors);
        if (errors.Require(submission.LegCount is not null, "leg_count", "Required.") && legs is not null)
        {
            errors.Require(submission.LegCount == legs.Count, "leg_count", $"Must equal the number of bet_legs ({legs.Count}).");
        }

        if (legs is { Count: > 1 } && totalOdds > 0 && legs.All(l => l.Odds > 1m))
        {
            var product = legs.Aggregate(1m, (p, l) => p * l.Odds);
            errors.Require(Math.Abs(totalOdds - product) <= product * TotalOddsTolerance, "total_odds",
                $"A multiple's total_odds must be the product of its legs' odds ({product:0.####}), within {TotalOddsTolerance:P0}.");
        }

        if (submission.Meta is { } meta)
        {
            errors.Require(meta.ValueKind == System.Text.Json.JsonValueKind.Object, "meta", "Must be a JSON object.");
            errors.Require(Encoding.UTF8.GetByteCount(meta.GetRawText()) <= MaxMetaBytes, "meta", $"At most {MaxMetaBytes / 1024} KiB.");
        }

        errors.ThrowIfAny();
        return new BettingEvent(
            cpf, kind!.Value, last, current, submission.EventDate ?? receivedAt, submission.EventDate is not null, betSlipId, slipState,
            stake, totalOdds, submission.LegCount!.Value, submission.IsLive ?? false, submission.IsFreeBet ?? false, bonus,
            submission.IsEachWay ?? false, legs!, submission.Meta);
    }

    private static List<BetLeg>? Legs(IReadOnlyList<BetLegSubmission?>? submitted, ValidationErrors errors)
    {
        if (!errors.Require(submitted is { Count: > 0 }, "bet_legs", "Required: at least one selection.")
            || !errors.Require(submitted!.Count <= MaxLegs, "bet_legs", $"At most {MaxLegs} selections."))
        {
            return null;
        }

        var legs = new List<BetLeg>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < submitted.Count; i++)
        {
            var field = $"bet_legs[{i}]";
            if (!errors.Require(submitted[i] is not null, field, "Must be an object."))
            {
                continue;
            }

            var leg = submitted[i]!;
            var legId = Identifier(leg.LegId, $"{field}.leg_id", required: true, errors);
            if (legId.Length > 0)
            {
                errors.Require(seen.Add(legId), $"{field}.leg_id", $"\"{legId}\" appears more than once in this slip.");
            }

            if (leg.EventStartTime is { } start && leg.EventEndTime is { } end)
            {
                errors.Require(end >= start, $"{field}.event_end_time", "Must not be before event_start_time.");
            }

            legs.Add(new BetLeg(
                legId,
                Odds(leg.Odds, $"{field}.odds", errors),
                Text(leg.SportId, $"{field}.sport_id", errors),
                Text(leg.SportName, $"{field}.sport_name", errors),
                Text(leg.EventId, $"{field}.event_id", errors),
                Text(leg.EventName, $"{field}.event_name", errors),
                Text(leg.TournamentId, $"{field}.tournament_id", errors),
                Text(leg.TournamentName, $"{field}.tournament_name", errors),
                Text(leg.MarketId, $"{field}.market_id", errors),
                Text(leg.MarketName, $"{field}.market_name", errors),
                Text(leg.SelectionId, $"{field}.selection_id", errors),
                Text(leg.SelectionName, $"{field}.selection_name", errors),
                leg.EventStartTime,
                leg.EventEndTime,
                Enum<LegState>(leg.LegState, $"{field}.leg_state", required: false, errors),
                Enum<LegResult>(leg.Result, $"{field}.result", required: false, errors),
                leg.AmountWon is null ? null : Centavos(leg.AmountWon, $"{field}.amount_won", required: false, errors)));
        }

        return legs;
    }

    private static bool Required(string? value, string field, ValidationErrors errors) =>
        errors.Require(!string.IsNullOrWhiteSpace(value), field, "Required.");

    private static long Centavos(long? value, string field, bool required, ValidationErrors errors)
    {
        if (value is null)
        {
            errors.Require(!required, field, "Required (an integer number of centavos).");
            return 0;
        }

        errors.Require(value >= 0, field, "An amount in centavos cannot be negative.");
        return value.Value;
    }

    private static decimal Odds(decimal? value, string field, ValidationErrors errors)
    {
        if (!errors.Require(value is not null, field, "Required."))
        {
            return 0;
        }

        errors.Require(value > 1m && value <= MaxOdds, field, "Odds must be greater than 1.0 (decimal odds).");
        return value!.Value;
    }

    private static TEnum? Enum<TEnum>(string? value, string field, bool required, ValidationErrors errors) where TEnum : struct, Enum
    {
        if (value is null)
        {
            errors.Require(!required, field, $"Required: one of {ContractNames.List<TEnum>()}.");
            return null;
        }

        return errors.Require(ContractNames.TryParse<TEnum>(value, out var parsed), field, $"One of {ContractNames.List<TEnum>()}.") ? parsed : null;
    }

    private static string Identifier(string? value, string field, bool required, ValidationErrors errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            errors.Require(!required, field, "Required.");
            return "";
        }

        errors.Require(value.Length <= MaxIdLength && !value.Any(char.IsControl), field, $"At most {MaxIdLength} characters, no control characters.");
        return value;
    }

    private static string? Text(string? value, string field, ValidationErrors errors)
    {
        if (value is not null)
        {
            errors.Require(value.Length <= MaxTextLength, field, $"At most {MaxTextLength} characters.");
        }

        return value;
    }
}
