using System.Runtime.InteropServices;
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

    /// <summary>Largest total_odds of a slip (a 20-leg accumulator at odds 4 is about 10^12).</summary>
    public const decimal MaxTotalOdds = 1_000_000_000_000m;

    /// <summary>
    /// Largest amount in centavos (R$ 10 billion): no stake, balance, bonus or win is near it, and
    /// sums of amounts stay far from the range of a long.
    /// </summary>
    public const long MaxCentavos = 1_000_000_000_000;

    /// <summary>How far total_odds may stray from the product of the legs' odds: 1%, for operators' rounding.</summary>
    public const decimal TotalOddsTolerance = 0.01m;

    private static readonly string IdentifierRule = $"At most {MaxIdLength} characters, no control characters.";
    private static readonly string TextRule = $"At most {MaxTextLength} characters.";
    private static readonly string AmountRule = $"An amount in centavos from 0 to {MaxCentavos} (R$ 10 billion).";

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
        var totalOdds = Odds(submission.TotalOdds, "total_odds", MaxTotalOdds, errors);
        var bonus = Centavos(submission.BonusAmount, "bonus_amount", required: false, errors);
        var legs = Legs(submission.BetLegs, errors);
        if (errors.Require(submission.LegCount is not null, "leg_count", "Required.") && legs is not null && submission.LegCount != legs.Count)
        {
            errors.Add("leg_count", $"Must equal the number of bet_legs ({legs.Count}).");
        }

        if (legs is { Count: > 1 } && totalOdds > 1m && legs.All(l => l.Odds > 1m && l.Odds <= MaxOdds) && !MatchesProductOfLegs(totalOdds, legs))
        {
            errors.Add("total_odds", $"A multiple's total_odds must be the product of its legs' odds ({ProductText(legs)}), within {TotalOddsTolerance:P0}.");
        }

        if (submission.Meta is { } meta)
        {
            var raw = JsonMarshal.GetRawUtf8Value(meta);
            errors.Require(meta.ValueKind == System.Text.Json.JsonValueKind.Object, "meta", "Must be a JSON object.");
            errors.Require(raw.Length <= MaxMetaBytes, "meta", $"At most {MaxMetaBytes / 1024} KiB.");
            if (StorableJson.Problem(raw) is { } problem)
            {
                errors.Add(problem.Path == "body" ? "meta" : $"meta.{problem.Path}".Replace(".[", "[", StringComparison.Ordinal), problem.Message);
            }
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

        var legs = new List<BetLeg>(submitted.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < submitted.Count; i++)
        {
            if (submitted[i] is not { } leg)
            {
                errors.Add(new FieldPath(i, null).ToString(), "Must be an object.");
                continue;
            }

            var legId = Identifier(leg.LegId, new FieldPath(i, "leg_id"), required: true, errors);
            if (legId.Length > 0 && !seen.Add(legId))
            {
                errors.Add(new FieldPath(i, "leg_id").ToString(), $"\"{legId}\" appears more than once in this slip.");
            }

            if (leg.EventStartTime is { } start && leg.EventEndTime is { } end && end < start)
            {
                errors.Add(new FieldPath(i, "event_end_time").ToString(), "Must not be before event_start_time.");
            }

            legs.Add(new BetLeg(
                legId,
                Odds(leg.Odds, new FieldPath(i, "odds"), errors),
                Text(leg.SportId, new FieldPath(i, "sport_id"), errors),
                Text(leg.SportName, new FieldPath(i, "sport_name"), errors),
                Text(leg.EventId, new FieldPath(i, "event_id"), errors),
                Text(leg.EventName, new FieldPath(i, "event_name"), errors),
                Text(leg.TournamentId, new FieldPath(i, "tournament_id"), errors),
                Text(leg.TournamentName, new FieldPath(i, "tournament_name"), errors),
                Text(leg.MarketId, new FieldPath(i, "market_id"), errors),
                Text(leg.MarketName, new FieldPath(i, "market_name"), errors),
                Text(leg.SelectionId, new FieldPath(i, "selection_id"), errors),
                Text(leg.SelectionName, new FieldPath(i, "selection_name"), errors),
                leg.EventStartTime,
                leg.EventEndTime,
                Enum<LegState>(leg.LegState, new FieldPath(i, "leg_state"), required: false, errors),
                Enum<LegResult>(leg.Result, new FieldPath(i, "result"), required: false, errors),
                leg.AmountWon is null ? null : Centavos(leg.AmountWon, new FieldPath(i, "amount_won"), required: false, errors)));
        }

        return legs;
    }

    private static bool Required(string? value, string field, ValidationErrors errors) =>
        errors.Require(!string.IsNullOrWhiteSpace(value), field, "Required.");

    private static long Centavos(long? value, FieldPath field, bool required, ValidationErrors errors)
    {
        if (value is null)
        {
            Check(!required, field, "Required (an integer number of centavos).", errors);
            return 0;
        }

        Check(value is >= 0 and <= MaxCentavos, field, value < 0 ? "An amount in centavos cannot be negative." : AmountRule, errors);
        return value.Value;
    }

    private static decimal Odds(decimal? value, FieldPath field, ValidationErrors errors) => Odds(value, field, MaxOdds, errors);

    private static decimal Odds(decimal? value, FieldPath field, decimal max, ValidationErrors errors)
    {
        if (value is null)
        {
            errors.Add(field.ToString(), "Required.");
            return 0;
        }

        Check(value > 1m && value <= max, field, $"Decimal odds greater than 1.0 and at most {max:0}.", errors);
        return value.Value;
    }

    /// <summary>
    /// Within <see cref="TotalOddsTolerance"/> of the product of the legs' odds. The product of 100
    /// legs at odds up to a million does not fit a decimal, so it is first bounded by its logarithm:
    /// a product far beyond the largest total_odds cannot match, and one below it multiplies safely
    /// (every factor is above 1, so no partial product exceeds the whole).
    /// </summary>
    private static bool MatchesProductOfLegs(decimal totalOdds, IReadOnlyList<BetLeg> legs) =>
        ProductOf(legs) is { } product && Math.Abs(totalOdds - product) <= product * TotalOddsTolerance;

    private static decimal? ProductOf(IReadOnlyList<BetLeg> legs) =>
        legs.Sum(l => Math.Log((double)l.Odds)) > Math.Log((double)MaxTotalOdds * 2)
            ? null
            : legs.Aggregate(1m, (product, leg) => product * leg.Odds);

    private static string ProductText(IReadOnlyList<BetLeg> legs) =>
        ProductOf(legs) is { } product
            ? product.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture)
            : $"more than {MaxTotalOdds * 2:0}";

    private static TEnum? Enum<TEnum>(string? value, FieldPath field, bool required, ValidationErrors errors) where TEnum : struct, Enum
    {
        if (value is null)
        {
            if (required)
            {
                errors.Add(field.ToString(), $"Required: one of {ContractNames.List<TEnum>()}.");
            }

            return null;
        }

        if (ContractNames.TryParse<TEnum>(value, out var parsed))
        {
            return parsed;
        }

        errors.Add(field.ToString(), $"One of {ContractNames.List<TEnum>()}.");
        return null;
    }

    private static string Identifier(string? value, FieldPath field, bool required, ValidationErrors errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            Check(!required, field, "Required.", errors);
            return "";
        }

        Check(value.Length <= MaxIdLength && !value.Any(char.IsControl) && StorableText.IsStorable(value), field, IdentifierRule, errors);
        return value;
    }

    private static string? Text(string? value, FieldPath field, ValidationErrors errors)
    {
        if (value is not null)
        {
            Check(value.Length <= MaxTextLength, field, TextRule, errors);
            if (StorableText.Problem(value) is { } problem)
            {
                errors.Add(field.ToString(), problem);
            }
        }

        return value;
    }

    /// <summary>Adds <paramref name="message"/> when <paramref name="ok"/> is false; the field's path is built only then: every event runs these checks.</summary>
    private static void Check(bool ok, FieldPath field, string message, ValidationErrors errors)
    {
        if (!ok)
        {
            errors.Add(field.ToString(), message);
        }
    }

    /// <summary>A field as the contract names it: <c>bet_slip_id</c> at the top level, <c>bet_legs[1].odds</c> in a leg.</summary>
    private readonly record struct FieldPath(int? Leg, string? Name)
    {
        public static implicit operator FieldPath(string name) => new(null, name);

        public override string ToString() =>
            Leg is { } i ? (Name is null ? $"bet_legs[{i}]" : $"bet_legs[{i}].{Name}") : Name!;
    }
}
