namespace Lottopar.Client.WebSale;

/// <summary>
/// The server answered HTTP 200 with a body that is none of the forms the document gives for the operation:
/// a code the operation does not have, a malformed ticket or result, an error page. The body is kept whole.
/// </summary>
public sealed class UnexpectedAnswerException(WebSaleOperation operation, string body)
    : Exception($"Unexpected answer to webSale operation {(int)operation} ({operation}): '{Snippet(body)}'")
{
    private const int SnippetLength = 200;

    public WebSaleOperation Operation { get; } = operation;

    /// <summary>The body exactly as received.</summary>
    public string Body { get; } = body;

    internal static string Snippet(string text) => text.Length <= SnippetLength ? text : text[..SnippetLength] + "…";
}
