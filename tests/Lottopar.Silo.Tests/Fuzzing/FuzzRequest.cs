using System.Globalization;
using System.Text;

namespace Lottopar.Silo.Tests.Fuzzing;

/// <summary>Who sends a fuzzed request: the credentials the fixture adds before the request's own headers.</summary>
public enum Caller
{
    Anonymous,

    /// <summary>A signed-in LOTTOPAR admin (bearer token).</summary>
    Admin,

    /// <summary>The fuzzing operator's API key (scopes betting-events and read).</summary>
    Operator,
}

/// <summary>
/// One request as sent on the socket: method, target (path and query, already percent-encoded, sent
/// without canonicalisation), caller, extra headers, content type and body. Its text form is what a
/// failing property prints, so that the request can be read and replayed by hand.
/// </summary>
public sealed record FuzzRequest(
    string Method,
    string Target,
    Caller Caller,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    string? ContentType,
    byte[]? Body)
{
    private const int ShownChars = 600;

    public static FuzzRequest Get(string target, Caller caller, IReadOnlyList<KeyValuePair<string, string>>? headers = null) =>
        new("GET", target, caller, headers ?? [], null, null);

    public static FuzzRequest Json(string method, string target, Caller caller, string json, IReadOnlyList<KeyValuePair<string, string>>? headers = null) =>
        new(method, target, caller, headers ?? [], "application/json", Encoding.UTF8.GetBytes(json));

    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{Method} {Shown(Target)} as {Caller}");
        foreach (var (name, value) in Headers)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n  {Shown(name)}: {Shown(value)}");
        }

        if (ContentType is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n  Content-Type: {Shown(ContentType)}");
        }

        if (Body is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n  body ({Body.Length} bytes): {Shown(new UTF8Encoding(false, false).GetString(Body))}");
        }

        return text.ToString();
    }

    /// <summary>Printable ASCII as is; anything else as a C# escape; long text cut with its length said.</summary>
    public static string Shown(string text)
    {
        var shown = new StringBuilder();
        foreach (var c in text.Length > ShownChars ? text[..ShownChars] : text)
        {
            if (c is >= ' ' and <= '~')
            {
                shown.Append(c);
            }
            else
            {
                shown.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
        }

        return text.Length > ShownChars ? shown.Append(CultureInfo.InvariantCulture, $"... ({text.Length} chars)").ToString() : shown.ToString();
    }
}
