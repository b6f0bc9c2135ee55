namespace Lottopar.Grains.Validation;

/// <summary>
/// E-mail addresses as the platform stores them: a deliberately conservative subset of RFC 5321/5322.
/// </summary>
/// <remarks>
/// Quoted local parts, comments, IP-literal domains and non-ASCII (unencoded IDN) addresses are refused:
/// they are legal but practically never genuine for a betting operator or a regulator's staff, and each
/// one is a way to smuggle lookalike or ambiguous addresses past a human reviewer. Internationalized
/// domains remain usable in their punycode ("xn--") form except as the top-level domain.
/// </remarks>
public static class EmailAddress
{
    public const int MaxLength = 254;
    private const int MaxLocalLength = 64;
    private const int MaxLabelLength = 63;
    private const string LocalSpecials = ".!#$%&'*+/=?^_`{|}~-";

    /// <summary>"a***@lottopar.pr.gov.br": enough for an analyst to correlate, not a full address in a log or a list.</summary>
    public static string Mask(string email)
    {
        var at = email.IndexOf('@', StringComparison.Ordinal);
        return at <= 1 ? "***" + email[Math.Max(at, 0)..] : $"{email[0]}***{email[at..]}";
    }

    /// <summary>Validates an address and returns it trimmed and lowercased.</summary>
    /// <param name="input">The address as typed, e.g. " Fiscal@Lottopar.PR.gov.br ".</param>
    /// <param name="normalized">The trimmed, lowercased address, or empty when invalid.</param>
    /// <returns>
    /// False unless there is exactly one '@'; the local part is 1-64 characters of ASCII letters, digits and
    /// <c>.!#$%&amp;'*+/=?^_`{|}~-</c> with no leading, trailing or consecutive dots; the domain has at least two
    /// labels of 1-63 letters, digits or hyphens, none starting or ending with a hyphen, and an alphabetic
    /// top-level label of at least two letters; and the whole address is at most 254 characters.
    /// </returns>
    public static bool TryNormalize(string? input, out string normalized)
    {
        normalized = string.Empty;
        if (input is null)
        {
            return false;
        }

        var trimmed = input.AsSpan().Trim();
        if (trimmed.Length is 0 or > MaxLength)
        {
            return false;
        }

        var at = trimmed.IndexOf('@');
        if (at < 0 || trimmed[(at + 1)..].Contains('@'))
        {
            return false;
        }

        if (!IsValidLocalPart(trimmed[..at]) || !IsValidDomain(trimmed[(at + 1)..]))
        {
            return false;
        }

        // Only ASCII is left at this point, so invariant lowercasing cannot change the length or meaning.
        normalized = trimmed.ToString().ToLowerInvariant();
        return true;
    }

    private static bool IsValidLocalPart(ReadOnlySpan<char> local)
    {
        if (local.Length is 0 or > MaxLocalLength || local[0] == '.' || local[^1] == '.' || local.Contains("..", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in local)
        {
            if (!char.IsAsciiLetterOrDigit(c) && !LocalSpecials.Contains(c, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsValidDomain(ReadOnlySpan<char> domain)
    {
        var labels = 0;
        ReadOnlySpan<char> last = default;
        foreach (var range in domain.Split('.'))
        {
            var label = domain[range];
            if (!IsValidLabel(label))
            {
                return false;
            }

            labels++;
            last = label;
        }

        if (labels < 2 || last.Length < 2)
        {
            return false;
        }

        foreach (var c in last)
        {
            if (!char.IsAsciiLetter(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsValidLabel(ReadOnlySpan<char> label)
    {
        if (label.Length is 0 or > MaxLabelLength || label[0] == '-' || label[^1] == '-')
        {
            return false;
        }

        foreach (var c in label)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-')
            {
                return false;
            }
        }

        return true;
    }
}
