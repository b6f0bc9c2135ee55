using System.Net;
using System.Text.Json;

namespace Lottopar.Client;

/// <summary>
/// The answer to a read (<c>GET</c>): the document as the platform shaped it, or the problem.
/// </summary>
/// <param name="Document">The JSON body of a 2xx answer; null otherwise.</param>
/// <param name="Problem">The problem details of any other answer; null on success.</param>
/// <param name="RetryAfter">The Retry-After of a 429 or 503: when to ask again.</param>
public sealed record ReadResult(HttpStatusCode StatusCode, JsonElement? Document, Problem? Problem, TimeSpan Elapsed, TimeSpan? RetryAfter = null)
{
    public bool IsSuccess => Document is not null;
}
