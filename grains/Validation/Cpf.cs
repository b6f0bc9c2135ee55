namespace Lottopar.Grains.Validation;

/// <summary>
/// CPF (Cadastro de Pessoas Físicas), the Brazilian individual taxpayer number: 9 digits and 2 mod-11 check digits.
/// </summary>
public static class Cpf
{
    public const int Length = 11;
    private const int BaseLength = 9;

    /// <summary>Validates a CPF typed by a person and returns its 11-digit normalized form.</summary>
    /// <param name="input">
    /// "012.345.678-90" or "01234567890"; '.' and '-' are ignored wherever they appear and surrounding
    /// whitespace is trimmed.
    /// </param>
    /// <param name="normalized">The 11 digits, or empty when invalid.</param>
    /// <returns>False for a wrong length, non-digits, wrong check digits or one repeated digit (111.111.111-11).</returns>
    public static bool TryNormalize(string? input, out string normalized)
    {
        normalized = string.Empty;
        if (!TryDigits(input, out var digits))
        {
            return false;
        }

        // Every repeated-digit CPF passes the arithmetic; none is ever issued, and 000.000.000-00 and
        // 111.111.111-11 are what people type to get past a form.
        if (!digits.AsSpan().ContainsAnyExcept(digits[0]))
        {
            return false;
        }

        ComputeCheckDigits(digits.AsSpan(0, BaseLength), out var first, out var second);
        if (digits[9] != first || digits[10] != second)
        {
            return false;
        }

        normalized = digits;
        return true;
    }

    /// <summary>
    /// The 11 digits of something shaped like a CPF ('.' and '-' ignored, whitespace trimmed), whether
    /// or not its check digits are right: what tells a mistyped CPF from input that is no CPF at all.
    /// </summary>
    public static bool TryDigits(string? input, out string digits)
    {
        digits = string.Empty;
        if (input is null || input.Length > 32)
        {
            return false;
        }

        Span<char> found = stackalloc char[Length];
        var count = 0;
        foreach (var c in input.AsSpan().Trim())
        {
            if (c is '.' or '-')
            {
                continue;
            }

            if (!char.IsAsciiDigit(c) || count == Length)
            {
                return false;
            }

            found[count++] = c;
        }

        if (count != Length)
        {
            return false;
        }

        digits = new string(found);
        return true;
    }

    /// <summary>Formats a normalized CPF as "012.345.678-90".</summary>
    /// <exception cref="ArgumentException"><paramref name="normalized"/> is not a valid normalized CPF.</exception>
    public static string Format(string normalized)
    {
        RequireNormalized(normalized);
        return string.Create(14, normalized, static (span, n) =>
        {
            n.AsSpan(0, 3).CopyTo(span);
            span[3] = '.';
            n.AsSpan(3, 3).CopyTo(span[4..]);
            span[7] = '.';
            n.AsSpan(6, 3).CopyTo(span[8..]);
            span[11] = '-';
            n.AsSpan(9, 2).CopyTo(span[12..]);
        });
    }

    /// <summary>
    /// The LGPD display form "***.456.789-**": only digits 4 to 9 are shown, enough for a person to recognise
    /// their own number without exposing it whole on screens, logs or receipts.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="normalized"/> is not a valid normalized CPF.</exception>
    public static string Mask(string normalized)
    {
        RequireNormalized(normalized);
        return string.Create(14, normalized, static (span, n) =>
        {
            "***.".CopyTo(span);
            n.AsSpan(3, 3).CopyTo(span[4..]);
            span[7] = '.';
            n.AsSpan(6, 3).CopyTo(span[8..]);
            "-**".CopyTo(span[11..]);
        });
    }

    /// <summary>A complete CPF for a 9-digit base: the base with its two check digits. For demo data and tests.</summary>
    public static string Complete(string base9) => base9 + CheckDigits(base9);

    /// <summary>The two check digits for a 9-digit base (not validated here).</summary>
    internal static string CheckDigits(string base9)
    {
        ArgumentNullException.ThrowIfNull(base9);
        if (base9.Length != BaseLength)
        {
            throw new ArgumentException("The CPF base has 9 digits.", nameof(base9));
        }

        ComputeCheckDigits(base9, out var first, out var second);
        return new string([first, second]);
    }

    private static void RequireNormalized(string normalized)
    {
        ArgumentNullException.ThrowIfNull(normalized);
        if (!TryNormalize(normalized, out var checkedValue) || !string.Equals(checkedValue, normalized, StringComparison.Ordinal))
        {
            throw new ArgumentException("Expected a valid normalized CPF (11 digits, no punctuation).", nameof(normalized));
        }
    }

    private static void ComputeCheckDigits(ReadOnlySpan<char> base9, out char first, out char second)
    {
        // First digit weighs the base 10..2, the second weighs the base 11..3 and the first digit 2.
        var sum1 = 0;
        var sum2 = 0;
        for (var i = 0; i < BaseLength; i++)
        {
            var value = base9[i] - '0';
            sum1 += value * (10 - i);
            sum2 += value * (11 - i);
        }

        var d1 = Mod11Digit(sum1);
        sum2 += d1 * 2;
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
