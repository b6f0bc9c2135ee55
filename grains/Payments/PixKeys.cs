using Lottopar.Grains.Validation;

namespace Lottopar.Grains.Payments;

/// <summary>
/// PIX keys as the DICT knows them: a CPF (11 digits), an e-mail, a phone (+ and up to 15 digits) or
/// a random key (a UUID). Keys name people, so lists and answers show them masked.
/// </summary>
public static class PixKeys
{
    public const int MaxLength = 77;

    /// <summary>The key's type ("CPF", "EMAIL", "TELEFONE", "EVP"), or null when it is none of them.</summary>
    public static string? TypeOf(string? key) =>
        key is null || key.Length is 0 or > MaxLength || key.Any(char.IsWhiteSpace) ? null
        : key.Length == 11 && key.All(char.IsAsciiDigit) ? (Cpf.TryNormalize(key, out _) ? "CPF" : null)
        : key.Contains('@', StringComparison.Ordinal) ? (key.IndexOf('@', StringComparison.Ordinal) is > 0 and var at && at < key.Length - 1 ? "EMAIL" : null)
        : key[0] == '+' ? (key.Length is >= 3 and <= 16 && key.AsSpan(1).IndexOfAnyExceptInRange('0', '9') < 0 ? "TELEFONE" : null)
        : Guid.TryParseExact(key, "D", out _) ? "EVP"
        : null;

    /// <summary>The key as lists show it: a CPF masked as CPFs are, an e-mail's first letter and domain, a phone's last four digits, a random key's first eight characters.</summary>
    public static string Mask(string key) => TypeOf(key) switch
    {
        "CPF" => Cpf.Mask(key),
        "EMAIL" => key[0] + "***" + key[key.IndexOf('@', StringComparison.Ordinal)..],
        "TELEFONE" => key[..3] + new string('*', key.Length - 7) + key[^4..],
        "EVP" => key[..8] + "-****",
        _ => "***",
    };
}
