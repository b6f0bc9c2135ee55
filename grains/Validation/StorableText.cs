using System.Text.Json;

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

    /// <summary>
    /// The first string or property name of a JSON value that cannot be kept, with its path below
    /// <paramref name="path"/> ("meta.customer.name"), or null when all of it can.
    /// </summary>
    public static (string Path, string Message)? Problem(JsonElement value, string path)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                return Problem(value, path, name: null);
            case JsonValueKind.Object:
                foreach (var property in value.EnumerateObject())
                {
                    var propertyPath = $"{path}.{property.Name}";
                    if (NameProblem(property) is { } nameProblem)
                    {
                        return (path, nameProblem);
                    }

                    if (Problem(property.Value, propertyPath) is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    if (Problem(item, $"{path}[{index++}]") is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    private static (string Path, string Message)? Problem(JsonElement text, string path, string? name)
    {
        try
        {
            return Problem(text.GetString()) is { } message ? (name ?? path, message) : null;
        }
        catch (InvalidOperationException)
        {
            // JsonElement refuses to unescape a lone surrogate into a string.
            return (name ?? path, SurrogateMessage);
        }
    }

    private static string? NameProblem(JsonProperty property)
    {
        try
        {
            return Problem(property.Name);
        }
        catch (InvalidOperationException)
        {
            return SurrogateMessage;
        }
    }

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
