using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Lottopar.Client;

/// <summary>Turns any error answer into a <see cref="Problem"/>, also the HTML page of a proxy in front of the platform.</summary>
internal static class ProblemReader
{
    /// <summary>Problem code the client uses for a body it could not read.</summary>
    public const string UnreadableResponseCode = "client.unreadable_response";

    private const int SnippetLength = 200;

    public static Problem Read(HttpResponseMessage response, string text)
    {
        if (TryDeserialize<Problem>(text, out var problem))
        {
            return problem with { Status = problem.Status ?? (int)response.StatusCode };
        }

        return new Problem
        {
            Status = (int)response.StatusCode,
            Title = response.ReasonPhrase,
            Detail = Snippet(text),
        };
    }

    public static Problem Unreadable(HttpResponseMessage response, string text) => new()
    {
        Status = (int)response.StatusCode,
        Title = "The platform's answer could not be read.",
        Detail = Snippet(text),
        Code = UnreadableResponseCode,
    };

    public static bool TryDeserialize<T>(string text, [NotNullWhen(true)] out T? value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        try
        {
            value = JsonSerializer.Deserialize<T>(text, LottoparJson.Options);
            return value is not null;
        }
        catch (JsonException)
        {
            // Not JSON, or not this shape: the caller falls back to a problem that quotes the body.
            return false;
        }
    }

    private static string? Snippet(string text) =>
        string.IsNullOrWhiteSpace(text) ? null : text.Length <= SnippetLength ? text : text[..SnippetLength] + "…";
}
