using Lottopar.GrainInterfaces.Lottery;

namespace Lottopar.Grains.Lottery;

/// <summary>
/// Checks a draw result entered by LOTTOPAR staff: the triple is exactly 3 digits; a draw that sells a
/// zodiac type (<see cref="DrawDefinition.HasSign"/>) needs a sign 1 to 12, and any other draw must not have one.
/// </summary>
public static class DrawResultRules
{
    private const int TripleLength = 3;

    /// <summary>The failing fields ("triple", "sign"); empty when the result fits the draw.</summary>
    public static IReadOnlyList<FieldError> Validate(DrawDefinition draw, DrawResult? result)
    {
        ArgumentNullException.ThrowIfNull(draw);
        if (result is null)
        {
            return [new FieldError("result", "The result is required.")];
        }

        var errors = new List<FieldError>();
        if (!IsTriple(result.Triple))
        {
            errors.Add(new FieldError("triple", "The triple is exactly 3 digits, e.g. 482 or 007."));
        }

        if (draw.HasSign())
        {
            if (result.Sign is not { } sign)
            {
                errors.Add(new FieldError("sign", $"Draw {draw.Code} sells zodiac numbers: its result needs a sign 1 (ARIES) to 12 (PISCIS)."));
            }
            else if (!ZodiacSigns.IsValid(sign))
            {
                errors.Add(new FieldError("sign", "The sign is 1 (ARIES) to 12 (PISCIS)."));
            }
        }
        else if (result.Sign is not null)
        {
            errors.Add(new FieldError("sign", $"Draw {draw.Code} sells no zodiac numbers: its result has no sign."));
        }

        return errors;
    }

    /// <summary>A 3-digit triple and, if any, a sign 1 to 12: the shape of any result, whatever its draw.</summary>
    internal static bool IsWellFormed(DrawResult result) =>
        IsTriple(result.Triple) && (result.Sign is null || ZodiacSigns.IsValid(result.Sign.Value));

    internal static bool IsTriple(string? triple) =>
        triple is { Length: TripleLength } && !triple.AsSpan().ContainsAnyExceptInRange('0', '9');
}
