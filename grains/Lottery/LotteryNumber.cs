using Lottopar.GrainInterfaces.Lottery;

namespace Lottopar.Grains.Lottery;

/// <summary>
/// The wire layout of a played number, per <see cref="NumberType"/>: 3 digits for a triple, 2 for a
/// terminal, and for the zodiac types the 2-digit sign (01-12) first. The document gives this layout
/// for results only; the sale frame uses the same one so that a number and a result compare directly.
/// </summary>
public static class LotteryNumber
{
    private const int SignLength = 2;

    /// <summary>How many characters a number of <paramref name="type"/> has: 3, 2, 5 or 4.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="type"/> is not a defined number type.</exception>
    public static int LengthOf(NumberType type) => type switch
    {
        NumberType.Triple => 3,
        NumberType.Terminal => 2,
        NumberType.TripleZodiac => SignLength + 3,
        NumberType.TerminalZodiac => SignLength + 2,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not a number type."),
    };

    /// <summary>True when <paramref name="number"/> has exactly the layout of <paramref name="type"/>; never throws.</summary>
    public static bool IsValid(NumberType type, string? number) => number is not null && IsValid(type, number.AsSpan());

    internal static bool IsValid(NumberType type, ReadOnlySpan<char> number)
    {
        if (!Enum.IsDefined(type) || number.Length != LengthOf(type) || number.ContainsAnyExceptInRange('0', '9'))
        {
            return false;
        }

        return !IsZodiac(type) || ZodiacSigns.IsValid(SignOf(number));
    }

    /// <summary>A human description of the layout, for refusal reasons: "5 digits: sign 01-12 then the triple".</summary>
    internal static string Describe(NumberType type) => type switch
    {
        NumberType.Triple => "3 digits",
        NumberType.Terminal => "2 digits",
        NumberType.TripleZodiac => "5 digits: sign 01-12 then the triple",
        NumberType.TerminalZodiac => "4 digits: sign 01-12 then 2 digits",
        _ => "no layout",
    };

    internal static bool IsZodiac(NumberType type) => type is NumberType.TripleZodiac or NumberType.TerminalZodiac;

    /// <summary>The sign of a valid zodiac number.</summary>
    internal static int SignOf(ReadOnlySpan<char> number) => ((number[0] - '0') * 10) + (number[1] - '0');

    /// <summary>The played digits of a valid number, without the sign.</summary>
    internal static ReadOnlySpan<char> DigitsOf(NumberType type, ReadOnlySpan<char> number) => IsZodiac(type) ? number[SignLength..] : number;
}
