using System.Collections.Concurrent;
using Lottopar.Client;
using Lottopar.Client.WebSale;

namespace Lottopar.Benchmarks.Chaos;

internal enum ChaosKind
{
    /// <summary>A betting event (<c>POST /betting-events</c>) with an Idempotency-Key of its own.</summary>
    Bet,

    /// <summary>A webSale sale (operation 0), keyed by its POS's invoice number.</summary>
    Sale,
}

/// <summary>
/// One attempt at one keyed request: what was sent, with which key, and what came back when. A
/// chaos run keeps every attempt in memory (never printed: betting bodies hold CPFs).
/// </summary>
/// <param name="Key">A bet's Idempotency-Key; a sale's invoice number (numfact), unique per POS.</param>
/// <param name="Body">A bet's JSON body; a sale's frame (<c>data</c>).</param>
/// <param name="PosCode">A sale's POS; 0 for a bet.</param>
/// <param name="Player">A bet's CPF, to follow a player across the kill; empty for a sale.</param>
/// <param name="Status">The HTTP status, 0 when no answer came (the connection failed or timed out).</param>
/// <param name="Answer">A bet's event_id when created (201); a sale's ticket number, or "code N" for a refusal.</param>
internal sealed record ChaosRequest(
    ChaosKind Kind, string Key, string Body, int PosCode, string Player, long SentAtMs, long AnsweredAtMs, int Status, string? Answer)
{
    /// <summary>The request this is an attempt at: attempts with the same id are the same request sent again.</summary>
    public string Id => $"{Kind}/{PosCode}/{Key}";

    /// <summary>A created event (201) or an issued ticket (full or partial): the platform says it is stored.</summary>
    public bool IsAcknowledged => Kind == ChaosKind.Bet ? Status == 201 : SaleAnswer.IsTicketNumber(Answer);

    /// <summary>A sale the turn grain itself answered: a ticket, or nothing left of the quota (6).</summary>
    public bool TurnAnswered => Kind == ChaosKind.Sale && (IsAcknowledged || Answer == "code 6");

    /// <summary>
    /// An answer that sending again would not change: a bet created or refused for good (a 4xx other
    /// than 429); a sale with a ticket or any code but 0, the sale's "could not be done now" (while
    /// the turn grain moves, say). No answer, a 503 (the silo's, or nginx's when no silo answered) and
    /// a 502 are not final: the request may or may not have been applied.
    /// </summary>
    public bool IsFinal => Kind == ChaosKind.Bet
        ? Status is >= 200 and < 500 and not 429
        : Status == 200 && Answer != "code 0";

    /// <summary>What came back, for the tallies of answers: "201", "503", "no answer", "ticket", "code 6".</summary>
    public string Outcome => (Kind, Status) switch
    {
        (_, 0) => "no answer",
        (ChaosKind.Sale, 200) => IsAcknowledged ? "ticket" : Answer ?? "?",
        (ChaosKind.Sale, _) => $"HTTP {Status}",
        _ => $"{Status}",
    };

    public static long NowMs() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
}

/// <summary>
/// Sends keyed requests the way an operator's client does after a failure: the same request again,
/// with the same key, until the answer is final. Every attempt is recorded.
/// </summary>
internal sealed class ChaosSender(HttpClient http, ChaosState state)
{
    /// <summary>Shorter than the Retry-After of 5 s the platform advises, so that the run sees when service comes back.</summary>
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(200);

    private readonly LottoparClient _betting = new(http, state.ApiKey);
    private readonly PosClient _pos = new(http);
    private readonly Dictionary<int, PosIdentity> _terminals = state.PosTerminals.ToDictionary(t => t.PosCode);

    public ConcurrentQueue<ChaosRequest> Attempts { get; } = new();

    /// <summary>Sends <paramref name="request"/> until its answer is final or <paramref name="deadline"/> passes; the last attempt.</summary>
    public async Task<ChaosRequest> UntilFinalAsync(ChaosRequest request, DateTimeOffset deadline, CancellationToken token)
    {
        while (true)
        {
            var attempt = request.Kind == ChaosKind.Bet ? (await BetAsync(request, token)).Attempt : (await SaleAsync(request, token)).Attempt;
            if (attempt.IsFinal || DateTimeOffset.UtcNow >= deadline)
            {
                return attempt;
            }

            await Task.Delay(RetryDelay, token);
        }
    }

    /// <summary>One attempt at a bet; the platform's answer, or null when none came.</summary>
    public async Task<(ChaosRequest Attempt, SendResult? Result)> BetAsync(ChaosRequest request, CancellationToken token)
    {
        var sent = ChaosRequest.NowMs();
        try
        {
            var result = await _betting.SendRawAsync(request.Body, request.Key, token);
            return (Record(request, sent, (int)result.StatusCode, result.Accepted?.EventId.ToString()), result);
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException && !token.IsCancellationRequested)
        {
            return (Record(request, sent, 0, null), null);
        }
    }

    /// <summary>One attempt at a sale; the protocol's answer, or null when none came (no connection, a timeout, an HTTP error from the proxy).</summary>
    public async Task<(ChaosRequest Attempt, SaleAnswer? Answer)> SaleAsync(ChaosRequest request, CancellationToken token)
    {
        var sent = ChaosRequest.NowMs();
        try
        {
            var answer = await _pos.SellAsync(_terminals[request.PosCode], request.Body, request.Key, token);
            return (Record(request, sent, 200, Describe(answer)), answer);
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException && !token.IsCancellationRequested)
        {
            return (Record(request, sent, (int?)(error as HttpRequestException)?.StatusCode ?? 0, null), null);
        }
    }

    public static async Task DelayBeforeRetryAsync(CancellationToken token) => await Task.Delay(RetryDelay, token);

    private static string Describe(SaleAnswer answer) => answer switch
    {
        SaleRefused refused => $"code {refused.Code}",
        _ => answer.TicketNumber!,
    };

    private ChaosRequest Record(ChaosRequest request, long sent, int status, string? answer)
    {
        var attempt = request with { SentAtMs = sent, AnsweredAtMs = ChaosRequest.NowMs(), Status = status, Answer = answer };
        Attempts.Enqueue(attempt);
        return attempt;
    }
}
