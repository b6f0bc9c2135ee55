using System.Globalization;

namespace Lottopar.Client.WebSale;

/// <summary>
/// Amounts on the webSale wire: ASCII digits with '.' as the decimal separator and at most 2 decimals, never a
/// culture's format. Inside the client they are integer centavos: "0.1" is 10, "1.5" is 150, "1" is 100.
/// </summary>
public static class WireAmount
{
    /// <summary>The largest amount of one sale record the platform accepts: 1,000,000.00.</summary>
    public const long MaxCents = 100_000_000;

    /// <summary>The shortest form, as the platform writes amounts: 10 is "0.1", 150 "1.5", 100 "1", 0 "0", 1234 "12.34".</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="cents"/> is negative.</exception>
    public static string Format(long cents)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(cents);
        var (whole, fraction) = Math.DivRem(cents, 100);
        return fraction switch
        {
            0 => whole.ToString(CultureInfo.InvariantCulture),
            _ when fraction % 10 == 0 => string.Create(CultureInfo.InvariantCulture, $"{whole}.{fraction / 10}"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{whole}.{fraction:D2}"),
        };
    }

    /// <summary>
    /// Reads an amount into centavos, 0 to <see cref="MaxCents"/>: digits, then optionally '.' and 1 or 2 digits
    /// ("0", "0.1", "1.50", "12.34"). Refused: ".5", "1.", "1.234", signs, ',', exponents, whitespace.
    /// </summary>
    public static bool TryParse(string? text, out long cents)
    {
        cents = 0;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var point = text.IndexOf('.', StringComparison.Ordinal);
        var whole = point < 0 ? text.AsSpan() : text.AsSpan(0, point);
        var fraction = point < 0 ? [] : text.AsSpan(point + 1);
        if (whole.IsEmpty || (point >= 0 && fraction.Length is 0 or > 2) || !IsDigits(whole) || !IsDigits(fraction))
        {
            return false;
        }

        long value = 0;
        foreach (var digit in whole)
        {
            // Checked digit by digit, so that a long run of digits cannot overflow.
            value = (value * 10) + (digit - '0');
            if (value > MaxCents / 100)
            {
                return false;
            }
        }

        value *= 100;
        for (var i = 0; i < fraction.Length; i++)
        {
            value += (fraction[i] - '0') * (i == 0 ? 10 : 1);
        }

        if (value > MaxCents)
        {
            return false;
        }

        cents = value;
        return true;
    }

    private static bool IsDigits(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
