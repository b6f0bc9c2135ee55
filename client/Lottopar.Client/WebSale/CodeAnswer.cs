using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Lottopar.Client.WebSale;

/// <summary>An answer that is one of the document's codes, with what it means for the operation asked.</summary>
/// <param name="Meaning">The document's explanation, in English (<see cref="WebSaleCodes"/>).</param>
public sealed record CodeAnswer(WebSaleOperation Operation, int Code, string Meaning)
{
    /// <summary>
    /// The operation was done: code 0 of a cancellation, a prize registration or a transaction check.
    /// (A sale's 0 is a refusal, and results have no 0.)
    /// </summary>
    public bool IsSuccess => Code == 0 && Operation is WebSaleOperation.Cancellation or WebSaleOperation.PrizeRegistration or WebSaleOperation.TransactionCheck;

    /// <summary>Reads a body that must be exactly one of the operation's codes, written as the server writes numbers.</summary>
    /// <exception cref="UnexpectedAnswerException">Anything else: another code, leading zeros, whitespace, text.</exception>
    public static CodeAnswer Parse(WebSaleOperation operation, string body) =>
        TryParse(operation, body, out var answer) ? answer : throw new UnexpectedAnswerException(operation, body);

    internal static bool TryParse(WebSaleOperation operation, string body, [NotNullWhen(true)] out CodeAnswer? answer)
    {
        answer = null;
        // "0", or 1 or 2 digits without a leading zero: the document's codes run from 0 to 13.
        var canonical = body is "0" || (body.Length is 1 or 2 && body[0] is >= '1' and <= '9' && body.All(char.IsAsciiDigit));
        if (!canonical)
        {
            return false;
        }

        var code = int.Parse(body, NumberStyles.None, CultureInfo.InvariantCulture);
        if (!WebSaleCodes.TryDescribe(operation, code, out var meaning))
        {
            return false;
        }

        answer = new CodeAnswer(operation, code, meaning);
        return true;
    }
}
