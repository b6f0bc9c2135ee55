using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Lottopar.GrainInterfaces.Lottery;

namespace Lottopar.Grains.Lottery;

/// <summary>
/// The 26-digit ticket number webSale returns for a sale and takes back to pay, cancel or check it:
/// sale date yyyyMMdd (8), providercod (3), poscod (5), sequence (9), then one Luhn check digit over
/// the first 25. "20101130" + "006" + "00028" + "000000004" + "2" is the 4th ticket of POS 28 of
/// provider 6 on 2010-11-30.
/// </summary>
/// <remarks>
/// Luhn catches every single-digit error and every swap of two adjacent digits except "09" with "90"
/// (doubling maps 0 and 9 to the same remainder); the date, provider and POS fields narrow that blind
/// spot but do not close it.
/// </remarks>
public static class TicketNumber
{
    public const int Length = 26;
    public const int MaxProviderCode = 999;
    public const int MaxPosCode = 99_999;
    public const long MaxSequence = 999_999_999;

    private const string DateFormat = "yyyyMMdd";

    /// <summary>Builds the ticket number.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A code or the sequence is 0, negative or too many digits.</exception>
    public static string Compose(DateOnly saleDate, int providerCode, int posCode, long sequence)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(providerCode, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(providerCode, MaxProviderCode);
        ArgumentOutOfRangeException.ThrowIfLessThan(posCode, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(posCode, MaxPosCode);
        ArgumentOutOfRangeException.ThrowIfLessThan(sequence, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sequence, MaxSequence);

        var culture = CultureInfo.InvariantCulture;
        var body = string.Create(culture, $"{saleDate.ToString(DateFormat, culture)}{providerCode:D3}{posCode:D5}{sequence:D9}");
        return body + LuhnCheckDigit(body);
    }

    /// <summary>
    /// Reads a ticket number: exactly 26 ASCII digits, a real calendar date, provider, POS and sequence
    /// not zero, and the right check digit. Never throws.
    /// </summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out TicketNumberParts? parts)
    {
        parts = null;
        if (text is null || text.Length != Length || text.AsSpan().ContainsAnyExceptInRange('0', '9'))
        {
            return false;
        }

        var digits = text.AsSpan();
        if (digits[^1] != LuhnCheckDigit(digits[..^1])
            || !DateOnly.TryParseExact(digits[..8], DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return false;
        }

        var provider = int.Parse(digits[8..11], NumberStyles.None, CultureInfo.InvariantCulture);
        var pos = int.Parse(digits[11..16], NumberStyles.None, CultureInfo.InvariantCulture);
        var sequence = long.Parse(digits[16..25], NumberStyles.None, CultureInfo.InvariantCulture);
        if (provider == 0 || pos == 0 || sequence == 0)
        {
            return false;
        }

        parts = new TicketNumberParts(date, provider, pos, sequence);
        return true;
    }

    /// <summary>The Luhn (mod 10) check digit for a string of ASCII digits.</summary>
    internal static char LuhnCheckDigit(ReadOnlySpan<char> digits)
    {
        // The digit next to the check digit is doubled, then every second one leftwards.
        var sum = 0;
        var doubled = true;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var value = digits[i] - '0';
            if (doubled)
            {
                value *= 2;
                if (value > 9)
                {
                    value -= 9;
                }
            }

            sum += value;
            doubled = !doubled;
        }

        return (char)('0' + ((10 - (sum % 10)) % 10));
    }
}
