namespace Lottopar.Grains.Validation;

/// <summary>
/// Text the platform can keep: valid Unicode (no lone UTF-16 surrogate, which is not a character
/// and which JSON writers replace or refuse) and no NUL character (PostgreSQL text and jsonb cannot
/// hold U+0000). Every text that comes from outside is checked against this before it is used.
/// </summary>
public static class StorableText
{
    public const string NulMessage = "Text must not contain the NUL character (\\u0000).";
    public const string SurrogateMessage = "Not valid Unicode text: it holds a lone UTF-16 surrogate (\\ud800-\\udfff), which is not a character.";

    /// <summary>Why the text cannot be kept, or null when it can.</summary>
    public static string? Problem(ReadOnlySpan<char> text)
    {
        if (text.IndexOf('\0') >= 0)
        {
            return NulMessage;
        }

        // Only text with surrogates can be invalid; most text has none, and this scan is vectorised.
        if (text.IndexOfAnyInRange('\uD800', '\uDFFF') >= 0 && !Utf16IsValid(text))
        {
            return SurrogateMessage;
        }

        return null;
    }

    public static bool IsStorable(ReadOnlySpan<char> text) => Problem(text) is null;

    private static bool Utf16IsValid(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]))
            {
                if (i + 1 == text.Length || !char.IsLowSurrogate(text[i + 1]))
                {
                    return false;
                }

                i++;
            }
            else if (char.IsLowSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }
}
