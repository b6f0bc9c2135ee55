namespace Lottopar.Grains.Validation;

/// <summary>
/// CNPJ (Cadastro Nacional da Pessoa Jurídica), the Brazilian company registry number, in both the
/// historic all-numeric form and the alphanumeric form the Receita Federal issues from July 2026.
/// </summary>
/// <remarks>
/// The normalized form is 14 characters with no punctuation: 12 uppercase letters or digits (8 for
/// the root, 4 for the branch) followed by 2 numeric check digits. Numeric CNPJs are a special case
/// of the alphanumeric rule, so one algorithm serves both.
/// </remarks>
public static class Cnpj
{
    public const int Length = 14;
    private const int BaseLength = 12;

    // Weights of the mod-11 check digits. The second digit uses the same sequence shifted by one
    // position (it also weighs the first check digit), hence 6 followed by the first sequence.
    private static readonly int[] FirstWeights = [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];
    private static readonly int[] SecondWeights = [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];

    /// <summary>
    /// Validates a CNPJ typed by a person and returns its 14-character normalized form.
    /// </summary>
    /// <param name="input">
    /// Punctuated ("12.345.678/0001-95", "12.ABC.345/01DE-35") or bare ("12345678000195"); '.', '/' and '-'
    /// are ignored wherever they appear and surrounding whitespace is trimmed. Lowercase letters are accepted.
    /// </param>
    /// <param name="normalized">The 14 uppercase characters without punctuation, or empty when invalid.</param>
    /// <returns>
    /// False for a wrong length, characters other than ASCII letters and digits (and the punctuation above),
    /// letters in the check digit positions, wrong check digits, or 14 identical characters.
    /// </returns>
    public static bool TryNormalize(string? input, out string normalized)
    {
        normalized = string.Empty;
        if (input is null || input.Length > 32)
        {
            return false;
        }

        Span<char> chars = stackalloc char[Length];
        var count = 0;
        foreach (var c in input.AsSpan().Trim())
        {
            if (c is '.' or '/' or '-')
            {
                continue;
            }

            char upper;
            if (char.IsAsciiDigit(c) || char.IsAsciiLetterUpper(c))
            {
                upper = c;
            }
            else if (char.IsAsciiLetterLower(c))
            {
                upper = (char)(c - 'a' + 'A');
            }
            else
            {
                return false;
            }

            if (count == Length)
            {
                return false;
            }

            chars[count++] = upper;
        }

        if (count != Length || !char.IsAsciiDigit(chars[12]) || !char.IsAsciiDigit(chars[13]))
        {
            return false;
        }

        // Check digits alone cannot catch these: 00000000000000 passes the arithmetic, and the
        // registry never issues a number made of one repeated character.
        if (!chars.ContainsAnyExcept(chars[0]))
        {
            return false;
        }

        ComputeCheckDigits(chars[..BaseLength], out var first, out var second);
        if (chars[12] != first || chars[13] != second)
        {
            return false;
        }

        normalized = new string(chars);
        return true;
    }

    /// <summary>Formats a normalized CNPJ as "12.345.678/0001-95" (same grouping for alphanumeric CNPJs).</summary>
    /// <exception cref="ArgumentException"><paramref name="normalized"/> is not a valid normalized CNPJ.</exception>
    public static string Format(string normalized)
    {
        ArgumentNullException.ThrowIfNull(normalized);
        if (!TryNormalize(normalized, out var checkedValue) || !string.Equals(checkedValue, normalized, StringComparison.Ordinal))
        {
            throw new ArgumentException("Expected a valid normalized CNPJ (14 characters, no punctuation).", nameof(normalized));
        }

        return string.Create(18, normalized, static (span, n) =>
        {
            n.AsSpan(0, 2).CopyTo(span);
            span[2] = '.';
            n.AsSpan(2, 3).CopyTo(span[3..]);
            span[6] = '.';
            n.AsSpan(5, 3).CopyTo(span[7..]);
            span[10] = '/';
            n.AsSpan(8, 4).CopyTo(span[11..]);
            span[15] = '-';
            n.AsSpan(12, 2).CopyTo(span[16..]);
        });
    }

    /// <summary>
    /// A complete CNPJ for a 12-character base (the registration number and branch): the base with
    /// its two check digits. For demo data and tests.
    /// </summary>
    public static string Complete(string base12) => base12 + CheckDigits(base12);

    /// <summary>
    /// The two check digits for a 12-character base of uppercase letters or digits (not validated here).
    /// </summary>
    internal static string CheckDigits(string base12)
    {
        ArgumentNullException.ThrowIfNull(base12);
        if (base12.Length != BaseLength)
        {
            throw new ArgumentException("The CNPJ base has 12 characters.", nameof(base12));
        }

        ComputeCheckDigits(base12, out var first, out var second);
        return new string([first, second]);
    }

    private static void ComputeCheckDigits(ReadOnlySpan<char> base12, out char first, out char second)
    {
        // Receita Federal's alphanumeric rule: a character is worth its ASCII code minus 48, which keeps
        // '0'..'9' at 0..9 (so numeric CNPJs keep their digits) and makes 'A' 17, 'B' 18 and so on.
        var sum1 = 0;
        var sum2 = 0;
        for (var i = 0; i < BaseLength; i++)
        {
            var value = base12[i] - '0';
            sum1 += value * FirstWeights[i];
            sum2 += value * SecondWeights[i];
        }

        var d1 = Mod11Digit(sum1);
        sum2 += d1 * SecondWeights[BaseLength];
        var d2 = Mod11Digit(sum2);
        first = (char)('0' + d1);
        second = (char)('0' + d2);
    }

    private static int Mod11Digit(int sum)
    {
        var remainder = sum % 11;
        return remainder < 2 ? 0 : 11 - remainder;
    }
}
