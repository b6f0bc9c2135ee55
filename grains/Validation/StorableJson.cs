using System.Text;
using System.Text.Json;

namespace Lottopar.Grains.Validation;

/// <summary>
/// Finds, in a JSON document as it arrived (UTF-8), the first string or key holding text that
/// cannot be stored (<see cref="StorableText"/>), with its path as the request names it
/// ("bet_legs[0].sport_name", "contact.address.city", "meta.tags[2]"). Only escaped strings can
/// hold such text: raw UTF-8 cannot carry NUL or a lone surrogate, and the reader refuses both.
/// The common case (nothing wrong) reads the document once and allocates nothing; the path is
/// worked out only for a document that has a problem.
/// </summary>
public static class StorableJson
{
    private static readonly JsonReaderOptions Reading = new() { MaxDepth = 64 };

    /// <summary>The first unstorable text and its path; null when there is none or the JSON is malformed (its parser reports that).</summary>
    public static (string Path, string Message)? Problem(ReadOnlySpan<byte> utf8Json)
    {
        var (token, message) = FirstProblem(utf8Json);
        return token < 0 ? null : (PathOf(utf8Json, token), message!);
    }

    /// <summary>The index of the first token whose text cannot be stored, and why; -1 when none.</summary>
    private static (int Token, string? Message) FirstProblem(ReadOnlySpan<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json, Reading);
        try
        {
            for (var token = 0; reader.Read(); token++)
            {
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped && ProblemOf(ref reader) is { } message)
                {
                    return (token, message);
                }
            }
        }
        catch (JsonException)
        {
            // Malformed: the deserializer answers that, naming where.
        }

        return (-1, null);
    }

    private static string? ProblemOf(ref Utf8JsonReader reader)
    {
        try
        {
            return StorableText.Problem(reader.GetString());
        }
        catch (InvalidOperationException)
        {
            // The reader refuses to unescape a lone surrogate into a string.
            return StorableText.SurrogateMessage;
        }
    }

    /// <summary>
    /// The path of token number <paramref name="target"/>: of the value for a string, of the object
    /// holding it for a key.
    /// </summary>
    private static string PathOf(ReadOnlySpan<byte> utf8Json, int target)
    {
        var reader = new Utf8JsonReader(utf8Json, Reading);
        var frames = new List<Frame>();
        for (var token = 0; reader.Read(); token++)
        {
            var isTarget = token == target;
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    if (isTarget)
                    {
                        frames[^1] = frames[^1] with { Name = null };
                        return Describe(frames);
                    }

                    frames[^1] = frames[^1] with { Name = NameOf(ref reader) };
                    break;
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    NextItem(frames);
                    frames.Add(new Frame(reader.TokenType == JsonTokenType.StartArray, -1, null));
                    break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    frames.RemoveAt(frames.Count - 1);
                    break;
                default:
                    NextItem(frames);
                    if (isTarget)
                    {
                        return Describe(frames);
                    }

                    break;
            }
        }

        return "body";
    }

    private static string NameOf(ref Utf8JsonReader reader)
    {
        try
        {
            var name = reader.GetString()!;
            return StorableText.IsStorable(name) ? name : "?";
        }
        catch (InvalidOperationException)
        {
            return "?";
        }
    }

    private static void NextItem(List<Frame> frames)
    {
        if (frames.Count > 0 && frames[^1].IsArray)
        {
            frames[^1] = frames[^1] with { Index = frames[^1].Index + 1 };
        }
    }

    private static string Describe(List<Frame> frames)
    {
        var path = new StringBuilder();
        foreach (var frame in frames)
        {
            if (frame.IsArray)
            {
                path.Append('[').Append(frame.Index).Append(']');
            }
            else if (frame.Name is not null)
            {
                path.Append(path.Length > 0 ? "." : "").Append(frame.Name);
            }
        }

        return path.Length == 0 ? "body" : path.ToString();
    }

    private readonly record struct Frame(bool IsArray, int Index, string? Name);
}
