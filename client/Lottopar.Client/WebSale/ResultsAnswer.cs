using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Lottopar.Client.WebSale;

/// <summary>
/// The answer to a results query (operation 4): the results of the turn's draws, or a code (1 when there are
/// no results yet). Exactly one of <see cref="Results"/> (non-empty) and <see cref="Refusal"/> is set.
/// </summary>
public sealed record ResultsAnswer(IReadOnlyList<DrawResult> Results, CodeAnswer? Refusal)
{
    [MemberNotNullWhen(false, nameof(Refusal))]
    public bool HasResults => Refusal is null;

    /// <summary>Reads <c>01:482;02:861;13:02987;</c> (every entry ends with ';', no draw twice), or one of the results codes.</summary>
    /// <exception cref="UnexpectedAnswerException">The body has neither form.</exception>
    public static ResultsAnswer Parse(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (CodeAnswer.TryParse(WebSaleOperation.Results, body, out var code))
        {
            return new ResultsAnswer([], code);
        }

        return TryParseResults(body, out var results) ? new ResultsAnswer(results, null) : throw new UnexpectedAnswerException(WebSaleOperation.Results, body);
    }

    private static bool TryParseResults(string body, out List<DrawResult> results)
    {
        results = [];
        var entries = body.Split(';');
        if (entries.Length < 2 || entries[^1].Length != 0)
        {
            return false;
        }

        foreach (var entry in entries.AsSpan(0, entries.Length - 1))
        {
            var fields = entry.Split(':');
            if (fields.Length != 2 || !SaleAnswer.IsDrawCode(fields[0]) || !DrawResult.IsResult(fields[1]) || results.Any(r => r.DrawCode == fields[0]))
            {
                return false;
            }

            results.Add(new DrawResult(fields[0], fields[1]));
        }

        return true;
    }
}

/// <summary>
/// The result of one draw as the wire gives it: a triple ("482"), or for a zodiac draw the sign and then the
/// triple ("02987": TAURO 987).
/// </summary>
public sealed record DrawResult(string DrawCode, string Result)
{
    /// <summary>The drawn triple: the last 3 digits.</summary>
    public string Triple => Result[^3..];

    /// <summary>The drawn sign, 1 to 12, for a zodiac draw; null otherwise.</summary>
    public int? Sign => Result.Length == 5 ? int.Parse(Result.AsSpan(0, 2), NumberStyles.None, CultureInfo.InvariantCulture) : null;

    internal static bool IsResult(string text) => NumberTypes.Fits(NumberType.Triple, text) || NumberTypes.Fits(NumberType.TripleZodiac, text);
}
