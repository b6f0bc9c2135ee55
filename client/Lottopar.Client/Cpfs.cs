namespace Lottopar.Client;

/// <summary>
/// CPFs for simulated players: generation with the Receita Federal mod-11 check digits, formatting,
/// and masking for anything printed (a CPF is personal data: logs and progress show only the middle digits).
/// </summary>
public static class Cpfs
{
    /// <summary>A valid CPF as 11 digits: nine random digits, not all equal, and their two check digits.</summary>
    public static string Generate(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        Span<char> digits = stackalloc char[9];
        do
        {
            for (var i = 0; i < digits.Length; i++)
            {
                digits[i] = (char)('0' + random.Next(10));
            }
        }
        while (AllEqual(digits));

        var baseDigits = new string(digits);
        return baseDigits + CheckDigits(baseDigits);
    }

    /// <summary>
    /// The two check digits of a nine-digit base: each is 11 minus the weighted sum mod 11 (weights 10..2,
    /// then 11..2 over the base and the first check digit), or 0 when that is 10 or 11.
    /// </summary>
    public static string CheckDigits(string baseDigits)
    {
        if (baseDigits is not { Length: 9 } || !baseDigits.All(char.IsAsciiDigit))
        {
            throw new ArgumentException("A CPF base is nine digits.", nameof(baseDigits));
        }

        var first = CheckDigit(baseDigits, firstWeight: 10);
        var second = CheckDigit(baseDigits + first, firstWeight: 11);
        return $"{first}{second}";
    }

    /// <summary>Whether <paramref name="cpf"/> (11 digits, or formatted as 000.000.000-00) is a valid CPF.</summary>
    public static bool IsValid(string? cpf)
    {
        var digits = Digits(cpf);
        return digits is { Length: 11 }
            && !AllEqual(digits)
            && digits[9..] == CheckDigits(digits[..9]);
    }

    /// <summary>"012.345.678-90" from 11 digits (or from an already formatted CPF).</summary>
    public static string Format(string cpf)
    {
        var digits = Digits(cpf);
        if (digits is not { Length: 11 })
        {
            throw new ArgumentException("A CPF has 11 digits.", nameof(cpf));
        }

        return $"{digits[..3]}.{digits[3..6]}.{digits[6..9]}-{digits[9..]}";
    }

    /// <summary>
    /// "***.456.789-**" for 123.456.789-09: safe to print. Anything that is not 11 digits masks to "***",
    /// so that masking never throws on the way to a log line and never leaks a malformed value.
    /// </summary>
    public static string Mask(string? cpf)
    {
        var digits = Digits(cpf);
        return digits is { Length: 11 } ? $"***.{digits[3..6]}.{digits[6..9]}-**" : "***";
    }

    private static int CheckDigit(string digits, int firstWeight)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            sum += (digits[i] - '0') * (firstWeight - i);
        }

        var digit = 11 - (sum % 11);
        return digit >= 10 ? 0 : digit;
    }

    /// <summary>The digits of a CPF written bare or with the usual punctuation; null for anything else.</summary>
    private static string? Digits(string? cpf)
    {
        if (cpf is null)
        {
            return null;
        }

        var trimmed = cpf.Trim();
        var isFormatted = trimmed.Length == 14 && trimmed[3] == '.' && trimmed[7] == '.' && trimmed[11] == '-';
        var digits = isFormatted ? trimmed.Replace(".", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal) : trimmed;
        return digits.All(char.IsAsciiDigit) ? digits : null;
    }

    private static bool AllEqual(ReadOnlySpan<char> digits)
    {
        foreach (var digit in digits)
        {
            if (digit != digits[0])
            {
                return false;
            }
        }

        return true;
    }
}
