using System.Globalization;
using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Lottery;

namespace Lottopar.Grains.Lottery;

/// <summary>
/// Checks a catalog before LOTTOPAR replaces the one in force (admin API). Fields are named by their JSON
/// path ("draws[2].closingTime") so the API can answer with problem details as they are.
/// </summary>
/// <remarks>
/// The rules: lottery and draw codes unique; draw codes 2 digits (the sale frame's width); every draw of a
/// lottery in the catalog, of turn 1 or more, closing before it is drawn (same day), selling at least one
/// number type and none twice; names not blank; every multiplier from 1 to a million. Missing lists and null entries,
/// which a JSON body can carry, are errors too.
/// </remarks>
public static class LotteryCatalogRules
{
    /// <summary>Largest pay-table multiplier: prizes (amount × multiplier) then stay far inside a long.</summary>
    public const int MaxMultiplier = 1_000_000;

    /// <summary>Largest quota of one number of one draw, in centavos (R$ 100 million).</summary>
    public const long MaxQuotaCents = 10_000_000_000;

    /// <summary>
    /// The quota after <paramref name="change"/>: the number types it names take their new amount,
    /// the others keep theirs. Throws <see cref="DomainValidationException"/> naming each bad field,
    /// or "body" when the change names no number type.
    /// </summary>
    public static QuotaTable ApplyQuotaChange(QuotaTable current, QuotaChange? change)
    {
        if (change is null || (change.Triple, change.Terminal, change.TripleZodiac, change.TerminalZodiac) is (null, null, null, null))
        {
            throw DomainValidationException.For("body", "Name at least one of triple, terminal, tripleZodiac, terminalZodiac (centavos); the others keep their quota.");
        }

        var errors = new ValidationErrors();
        Check(change.Triple, "triple");
        Check(change.Terminal, "terminal");
        Check(change.TripleZodiac, "tripleZodiac");
        Check(change.TerminalZodiac, "terminalZodiac");
        errors.ThrowIfAny();
        return new QuotaTable(
            change.Triple ?? current.Triple,
            change.Terminal ?? current.Terminal,
            change.TripleZodiac ?? current.TripleZodiac,
            change.TerminalZodiac ?? current.TerminalZodiac);

        void Check(long? cents, string field) =>
            errors.Require(cents is null or (>= 0 and <= MaxQuotaCents), field, $"A quota is 0 to {MaxQuotaCents} centavos.");
    }

    /// <summary>Every rule the catalog breaks; empty when it may be used.</summary>
    public static IReadOnlyList<FieldError> Validate(LotteryCatalog? catalog)
    {
        if (catalog is null)
        {
            return [new FieldError("catalog", "The catalog is required.")];
        }

        var errors = new List<FieldError>();
        var lotteryCodes = ValidateLotteries(catalog.Lotteries, errors);
        ValidateDraws(catalog.Draws, lotteryCodes, errors);
        ValidatePayTable(catalog.PayTable, errors);
        return errors;
    }

    private static HashSet<string> ValidateLotteries(IReadOnlyList<LotteryDefinition>? lotteries, List<FieldError> errors)
    {
        var codes = new HashSet<string>(StringComparer.Ordinal);
        if (lotteries is null)
        {
            errors.Add(new FieldError("lotteries", "The list of lotteries is required."));
            return codes;
        }

        for (var i = 0; i < lotteries.Count; i++)
        {
            var field = Invariant($"lotteries[{i}]");
            if (lotteries[i] is not { } lottery)
            {
                errors.Add(new FieldError(field, "The lottery is required."));
                continue;
            }

            if (string.IsNullOrWhiteSpace(lottery.Code))
            {
                errors.Add(new FieldError($"{field}.code", "The code is required."));
            }
            else if (!codes.Add(lottery.Code))
            {
                errors.Add(new FieldError($"{field}.code", $"Lottery code '{lottery.Code}' is used twice."));
            }

            RequireName(lottery.Name, field, errors);
        }

        return codes;
    }

    private static void ValidateDraws(IReadOnlyList<DrawDefinition>? draws, HashSet<string> lotteryCodes, List<FieldError> errors)
    {
        if (draws is null)
        {
            errors.Add(new FieldError("draws", "The list of draws is required."));
            return;
        }

        var codes = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < draws.Count; i++)
        {
            var field = Invariant($"draws[{i}]");
            if (draws[i] is not { } draw)
            {
                errors.Add(new FieldError(field, "The draw is required."));
                continue;
            }

            if (draw.Code is not { Length: 2 } || draw.Code.AsSpan().ContainsAnyExceptInRange('0', '9'))
            {
                errors.Add(new FieldError($"{field}.code", "A draw code is exactly 2 digits, e.g. 01."));
            }
            else if (!codes.Add(draw.Code))
            {
                errors.Add(new FieldError($"{field}.code", $"Draw code '{draw.Code}' is used twice."));
            }

            if (draw.LotteryCode is null || !lotteryCodes.Contains(draw.LotteryCode))
            {
                errors.Add(new FieldError($"{field}.lotteryCode", $"No lottery in the catalog has code '{draw.LotteryCode}'."));
            }

            if (draw.Turn < 1)
            {
                errors.Add(new FieldError($"{field}.turn", "The turn is 1 or more."));
            }

            RequireName(draw.Name, field, errors);
            if (draw.ClosingTime >= draw.DrawTime)
            {
                errors.Add(new FieldError($"{field}.closingTime", "Sales must close before the draw time, on the same day."));
            }

            ValidateNumberTypes(draw.NumberTypes, $"{field}.numberTypes", errors);
        }
    }

    private static void ValidateNumberTypes(IReadOnlyList<NumberType>? types, string field, List<FieldError> errors)
    {
        if (types is null || types.Count == 0)
        {
            errors.Add(new FieldError(field, "A draw sells at least one number type."));
            return;
        }

        if (types.Any(t => !Enum.IsDefined(t)))
        {
            errors.Add(new FieldError(field, "Number types are 1 (triple) to 4 (terminal zodiac)."));
        }

        if (types.Distinct().Count() != types.Count)
        {
            errors.Add(new FieldError(field, "A number type is listed twice."));
        }
    }

    private static void ValidatePayTable(PayTable? table, List<FieldError> errors)
    {
        if (table is null)
        {
            errors.Add(new FieldError("payTable", "The pay table is required."));
            return;
        }

        RequirePositive(table.Triple, "payTable.triple", errors);
        RequirePositive(table.Terminal, "payTable.terminal", errors);
        RequirePositive(table.TripleZodiac, "payTable.tripleZodiac", errors);
        RequirePositive(table.TerminalZodiac, "payTable.terminalZodiac", errors);
    }

    private static void RequirePositive(int multiplier, string field, List<FieldError> errors)
    {
        if (multiplier is <= 0 or > MaxMultiplier)
        {
            errors.Add(new FieldError(field, $"The multiplier must be from 1 to {MaxMultiplier}."));
        }
    }

    private static void RequireName(string? name, string field, List<FieldError> errors)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            errors.Add(new FieldError($"{field}.name", "The name is required."));
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
