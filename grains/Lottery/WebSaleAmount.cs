using System.Globalization;

namespace Lottopar.Grains.Lottery;

/// <summary>
/// Amounts in the sale frame and the partial-availability body: digits with '.' as decimal separator,
/// never a culture's format. "0.1" is 10 centavos, "1.5" 150.
/// </summary>
public static class WebSaleAmount
{
    /// <summary>The largest stake one record may ask for: 1,000,000.00.</summary>
    public const long MaxCents = 100_000_000;

    private const int MaxDecimals = 2;

    /// <summary>Reads a frame amount into centavos.</summary>
    /// <remarks>
    /// Accepted: ASCII digits, optionally '.' and 1 or 2 more digits ("0.1", "1", "1.50", and leading zeros
    /// as in "01"). Refused: a missing integer or decimal part (".5", "1."), signs, ',' , exponents,
    /// whitespace, zero, and anything above <see cref="MaxCents"/>.
    /// </remarks>
    public static bool TryParse(string? text, out long cents)
    {
        cents = 0;
        return text is not null && TryParse(text.AsSpan(), out cents);
    }

    internal static bool TryParse(ReadOnlySpan<char> text, out long cents)
    {
        cents = 0;
        var point = text.IndexOf('.');
        var whole = point < 0 ? text : text[..point];
        var fraction = point < 0 ? [] : text[(point + 1)..];
        if (whole.IsEmpty || (point >= 0 && fraction.Length is 0 or > MaxDecimals))
        {
            return false;
        }

        long value = 0;
        foreach (var c in whole)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            // Stop as soon as the whole part is too big, so that a long run of digits cannot overflow.
            value = (value * 10) + (c - '0');
            if (value > MaxCents / 100)
            {
                return false;
            }
        }

        value *= 100;
        for (var i = 0; i < fraction.Length; i++)
        {
            if (!char.IsAsciiDigit(fraction[i]))
            {
                return false;
            }

            value += (fraction[i] - '0') * (i == 0 ? 10 : 1);
        }

        if (value is <= 0 or > MaxCents)
        {
            return false;
        }

        cents = value;
        return true;
    }

    /// <summary>
    /// The shortest wire form of an amount: 10 is "0.1", 150 "1.5", 100 "1", 0 "0", 1234 "12.34".
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="cents"/> is negative.</exception>
    public static string Format(long cents)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(cents);
        var whole = cents / 100;
        var fraction = cents % 100;
        var culture = CultureInfo.InvariantCulture;
        return fraction switch
        {
            0 => whole.ToString(culture),
            _ when fraction % 10 == 0 => string.Create(culture, $"{whole}.{fraction / 10}"),
            _ => string.Create(culture, $"{whole}.{fraction:D2}"),
        };
    }
}
