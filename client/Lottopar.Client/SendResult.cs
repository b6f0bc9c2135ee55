using System.Net;

namespace Lottopar.Client;

/// <summary>
/// What the platform answered to one betting event: the status, then either the accepted body or the
/// problem, how long the exchange took and, for 429, when to try again.
/// </summary>
/// <param name="Accepted">The 201 body; null for any other answer.</param>
/// <param name="Problem">The problem details of a refusal; null when accepted.</param>
/// <param name="RetryAfter">The <c>Retry-After</c> header as a delay, when the platform sent one.</param>
public sealed record SendResult(
    HttpStatusCode StatusCode,
    BettingEventAccepted? Accepted,
    Problem? Problem,
    TimeSpan Elapsed,
    TimeSpan? RetryAfter = null)
{
    /// <summary>True when the platform stored the event (or had stored it: a replay is accepted too).</summary>
    public bool IsAccepted => Accepted is not null;
}
