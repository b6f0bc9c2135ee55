namespace Lottopar.Grains.Validation;

/// <summary>Which kind of Brazilian number a field expects.</summary>
public enum PhoneKind
{
    /// <summary>Mobile: 9 digits after the area code, starting with 9.</summary>
    Mobile,

    /// <summary>Fixed line: 8 digits after the area code, starting with 2, 3, 4 or 5.</summary>
    Landline,
}

/// <summary>
/// Brazilian phone numbers: validated against the area codes (DDD) ANATEL has assigned and stored in E.164
/// ("+5541998765432") so that every copy of a number compares equal.
/// </summary>
public static class BrazilianPhone
{
    private const string CountryCode = "55";

    // ANATEL's assigned DDDs (67 in all). The gaps (20, 23, 25, 26, 29, 30, 36, 39, 40, 50, 52, 56-60,
    // 70, 72, 76, 78, 80, 90) have never been assigned, so a number using them is a typo.
    private static readonly bool[] AssignedDdd = BuildDddTable(
        11, 12, 13, 14, 15, 16, 17, 18, 19, // SP
        21, 22, 24,                         // RJ
        27, 28,                             // ES
        31, 32, 33, 34, 35, 37, 38,         // MG
        41, 42, 43, 44, 45, 46,             // PR
        47, 48, 49,                         // SC
        51, 53, 54, 55,                     // RS
        61,                                 // DF
        62, 64,                             // GO
        63,                                 // TO
        65, 66,                             // MT
        67,                                 // MS
        68,                                 // AC
        69,                                 // RO
        71, 73, 74, 75, 77,                 // BA
        79,                                 // SE
        81, 87,                             // PE
        82,                                 // AL
        83,                                 // PB
        84,                                 // RN
        85, 88,                             // CE
        86, 89,                             // PI
        91, 93, 94,                         // PA
        92, 97,                             // AM
        95,                                 // RR
        96,                                 // AP
        98, 99);                            // MA

    /// <summary>Validates a Brazilian number of the given kind and returns it in E.164.</summary>
    /// <param name="input">
    /// The number as typed: "+55 (41) 99876-5432", "(41) 99876-5432", "41998765432", "041 3333-4444",
    /// "0xx41 3333-4444", "0 15 41 3333-4444" (trunk prefix 0 with a two-digit carrier code) or
    /// "5541998765432". Spaces, parentheses, hyphens and dots are ignored.
    /// </param>
    /// <param name="kind">Whether a mobile or a fixed-line number is expected.</param>
    /// <param name="e164">"+55", the DDD and the subscriber number, e.g. "+5541998765432"; empty when invalid.</param>
    /// <returns>
    /// False when the DDD is not assigned, the subscriber number does not match <paramref name="kind"/>, or the
    /// input has any other shape or character.
    /// </returns>
    public static bool TryNormalize(string? input, PhoneKind kind, out string e164)
    {
        e164 = string.Empty;
        if (input is null || input.Length > 40 || kind is not (PhoneKind.Mobile or PhoneKind.Landline))
        {
            return false;
        }

        Span<char> buffer = stackalloc char[input.Length];
        var length = 0;
        foreach (var c in input)
        {
            if (c is not (' ' or '(' or ')' or '-' or '.'))
            {
                buffer[length++] = c;
            }
        }

        ReadOnlySpan<char> rest = buffer[..length];
        var subscriberLength = kind == PhoneKind.Mobile ? 9 : 8;
        var nationalLength = 2 + subscriberLength;

        if (rest.StartsWith("+"))
        {
            // With a '+' only the Brazilian country code makes sense for this field.
            if (!rest.StartsWith("+" + CountryCode))
            {
                return false;
            }

            rest = rest[3..];
        }
        else if (rest.StartsWith("0xx", StringComparison.OrdinalIgnoreCase))
        {
            // "0xx" is the customary written placeholder for "trunk prefix 0 + your carrier's code".
            rest = rest[3..];
        }
        else if (rest.StartsWith("0"))
        {
            // Long-distance dialling: 0 + DDD, or 0 + two-digit carrier code + DDD. The kind fixes the
            // subscriber length, so the total length tells the two apart.
            if (rest.Length == 1 + nationalLength)
            {
                rest = rest[1..];
            }
            else if (rest.Length == 3 + nationalLength)
            {
                rest = rest[3..];
            }
            else
            {
                return false;
            }
        }
        else if (rest.Length == CountryCode.Length + nationalLength && rest.StartsWith(CountryCode))
        {
            // Country code without '+', as copied from wa.me links and many exports. Unambiguous because
            // a national number is never this long.
            rest = rest[2..];
        }

        if (rest.Length != nationalLength)
        {
            return false;
        }

        foreach (var c in rest)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        var ddd = ((rest[0] - '0') * 10) + (rest[1] - '0');
        if (!AssignedDdd[ddd])
        {
            return false;
        }

        var first = rest[2];
        var kindMatches = kind == PhoneKind.Mobile ? first == '9' : first is >= '2' and <= '5';
        if (!kindMatches)
        {
            return false;
        }

        e164 = string.Concat("+", CountryCode, rest);
        return true;
    }

    /// <summary>Formats an E.164 Brazilian number as "+55 (41) 99876-5432" or "+55 (41) 3333-4444".</summary>
    /// <exception cref="ArgumentException"><paramref name="e164"/> is not a valid Brazilian number in E.164.</exception>
    public static string Format(string e164)
    {
        ArgumentNullException.ThrowIfNull(e164);
        var isE164 = e164.StartsWith("+55", StringComparison.Ordinal) && e164.Length is 13 or 14;
        var kind = e164.Length == 14 ? PhoneKind.Mobile : PhoneKind.Landline;
        if (!isE164 || !TryNormalize(e164, kind, out var checkedValue) || !string.Equals(checkedValue, e164, StringComparison.Ordinal))
        {
            throw new ArgumentException("Expected a Brazilian number in E.164, e.g. +5541998765432.", nameof(e164));
        }

        var ddd = e164.AsSpan(3, 2);
        var subscriber = e164.AsSpan(5);
        var split = subscriber.Length - 4;
        return $"+55 ({ddd}) {subscriber[..split]}-{subscriber[split..]}";
    }

    private static bool[] BuildDddTable(params int[] codes)
    {
        var table = new bool[100];
        foreach (var code in codes)
        {
            table[code] = true;
        }

        return table;
    }
}
