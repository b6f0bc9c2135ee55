using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Lottopar.Client;

/// <summary>
/// The betting-events API over an <see cref="HttpClient"/> whose <see cref="HttpClient.BaseAddress"/> is the
/// platform's URL. Every request carries the operator's API key in <c>x-api-key</c>. Refusals come back as
/// results with their problem details, not as exceptions; only transport failures throw
/// (<see cref="HttpRequestException"/>, or <see cref="TaskCanceledException"/> on the client's timeout).
/// </summary>
public sealed class LottoparClient
{
    public const string ApiKeyHeader = "x-api-key";
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json") { CharSet = "utf-8" };

    private readonly HttpClient _http;
    private readonly string _apiKey;
    private readonly Uri _baseAddress;

    /// <param name="httpClient">Its BaseAddress is the platform URL; a path in it (a reverse proxy prefix) is kept.</param>
    /// <param name="apiKey">The operator's key, <c>lp_hml_...</c> or <c>lp_prd_...</c>.</param>
    public LottoparClient(HttpClient httpClient, string apiKey)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentException.ThrowIfNullOrWhiteSpace(apiKey);
        var baseAddress = httpClient.BaseAddress
            ?? throw new ArgumentException("The HttpClient needs a BaseAddress: the platform URL.", nameof(httpClient));

        _http = httpClient;
        _apiKey = apiKey;
        // Relative paths resolve under the last '/', so "https://host/api" would lose "api" without it.
        _baseAddress = baseAddress.AbsoluteUri.EndsWith('/') ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/");
    }

    /// <summary>Sends one betting event (<c>POST /betting-events</c>).</summary>
    /// <param name="idempotencyKey">Sent as <c>Idempotency-Key</c>: a retry with the same key answers the original result.</param>
    public Task<SendResult> SendBettingEventAsync(
        BettingEventRequest request, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return PostEventAsync(JsonSerializer.SerializeToUtf8Bytes(request, LottoparJson.Options), idempotencyKey, cancellationToken);
    }

    /// <summary>Sends a JSON text as it is, e.g. a file an operator wrote by hand, malformed or not.</summary>
    public Task<SendResult> SendRawAsync(string json, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(json);
        return PostEventAsync(Encoding.UTF8.GetBytes(json), idempotencyKey, cancellationToken);
    }

    /// <summary>An accepted event as the platform stored it (<c>GET /betting-events/{event_id}</c>).</summary>
    public Task<ReadResult> GetBettingEventAsync(Guid eventId, CancellationToken cancellationToken = default) =>
        GetAsync($"betting-events/{eventId:D}", cancellationToken);

    /// <summary>A bet slip and its history (<c>GET /bet-slips/{bet_slip_id}</c>).</summary>
    public Task<ReadResult> GetBetSlipAsync(string betSlipId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(betSlipId);
        return GetAsync($"bet-slips/{Uri.EscapeDataString(betSlipId)}", cancellationToken);
    }

    /// <summary>A player's summary (<c>GET /players/{cpf}/summary</c>); the CPF bare or formatted.</summary>
    public Task<ReadResult> GetPlayerSummaryAsync(string cpf, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(cpf);
        return GetAsync($"players/{Uri.EscapeDataString(cpf)}/summary", cancellationToken);
    }

    /// <summary>
    /// Whether a CPF may bet (<c>POST /cpf/validate</c>, scope cpf): <c>allowed</c> and every reason
    /// against. The CPF travels in the body, never in the address.
    /// </summary>
    public Task<ReadResult> ValidateCpfAsync(string cpf, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cpf);
        return ReadAsync(HttpMethod.Post, "cpf/validate", JsonSerializer.SerializeToUtf8Bytes(new { cpf }, LottoparJson.Options), cancellationToken);
    }

    /// <summary>
    /// A PIX deposit (<c>POST /payments/cash-in</c>, scope payments): the charge's BR Code and QR image.
    /// Repeat it with the same <paramref name="idempotencyKey"/> to retry: the same deposit.
    /// </summary>
    public Task<ReadResult> CashInAsync(string cpf, long amount, string reference, int? expiresInSeconds, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyKey);
        var body = JsonSerializer.SerializeToUtf8Bytes(new { cpf, amount, reference, expiresInSeconds }, LottoparJson.Options);
        return ReadAsync(HttpMethod.Post, "payments/cash-in", body, cancellationToken, idempotencyKey);
    }

    /// <summary>
    /// A PIX payout to the player's registered account (<c>POST /payments/cash-out</c>, scope payments):
    /// sent at most once; repeat it with the same <paramref name="idempotencyKey"/> to retry (a pending
    /// payout is then asked again).
    /// </summary>
    public Task<ReadResult> CashOutAsync(string cpf, long amount, string reference, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyKey);
        var body = JsonSerializer.SerializeToUtf8Bytes(new { cpf, amount, reference }, LottoparJson.Options);
        return ReadAsync(HttpMethod.Post, "payments/cash-out", body, cancellationToken, idempotencyKey);
    }

    /// <summary>Registers or changes where a player's payouts go (<c>PUT /players/payout-account</c>): a PIX key the player holds.</summary>
    public Task<ReadResult> SetPayoutAccountAsync(string cpf, string pixKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cpf);
        ArgumentNullException.ThrowIfNull(pixKey);
        return ReadAsync(HttpMethod.Put, "players/payout-account", JsonSerializer.SerializeToUtf8Bytes(new { cpf, pixKey }, LottoparJson.Options), cancellationToken);
    }

    /// <summary>A player's payout account, the key masked (<c>POST /players/payout-account/lookup</c>: the CPF in the body).</summary>
    public Task<ReadResult> GetPayoutAccountAsync(string cpf, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cpf);
        return ReadAsync(HttpMethod.Post, "players/payout-account/lookup", JsonSerializer.SerializeToUtf8Bytes(new { cpf }, LottoparJson.Options), cancellationToken);
    }

    /// <summary>A payment and what became of it (<c>GET /payments/{id}</c>).</summary>
    public Task<ReadResult> GetPaymentAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        return GetAsync($"payments/{Uri.EscapeDataString(id)}", cancellationToken);
    }

    private async Task<SendResult> PostEventAsync(byte[] body, string? idempotencyKey, CancellationToken cancellationToken)
    {
        using var message = NewRequest(HttpMethod.Post, "betting-events");
        message.Content = new ByteArrayContent(body);
        message.Content.Headers.ContentType = JsonContentType;
        if (!string.IsNullOrWhiteSpace(idempotencyKey))
        {
            message.Headers.Add(IdempotencyKeyHeader, idempotencyKey);
        }

        var started = Stopwatch.GetTimestamp();
        using var response = await _http.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var retryAfter = RetryAfterOf(response);

        if (!response.IsSuccessStatusCode)
        {
            return new SendResult(response.StatusCode, null, ProblemReader.Read(response, text), elapsed, retryAfter);
        }

        return ProblemReader.TryDeserialize<BettingEventAccepted>(text, out var accepted)
            ? new SendResult(response.StatusCode, accepted, null, elapsed, retryAfter)
            : new SendResult(response.StatusCode, null, ProblemReader.Unreadable(response, text), elapsed, retryAfter);
    }

    private Task<ReadResult> GetAsync(string path, CancellationToken cancellationToken) => ReadAsync(HttpMethod.Get, path, null, cancellationToken);

    private async Task<ReadResult> ReadAsync(HttpMethod method, string path, byte[]? body, CancellationToken cancellationToken, string? idempotencyKey = null)
    {
        using var message = NewRequest(method, path);
        if (idempotencyKey is not null)
        {
            message.Headers.Add(IdempotencyKeyHeader, idempotencyKey);
        }

        if (body is not null)
        {
            message.Content = new ByteArrayContent(body);
            message.Content.Headers.ContentType = JsonContentType;
        }

        var started = Stopwatch.GetTimestamp();
        using var response = await _http.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(started);

        if (!response.IsSuccessStatusCode)
        {
            return new ReadResult(response.StatusCode, null, ProblemReader.Read(response, text), elapsed, RetryAfterOf(response));
        }

        return ProblemReader.TryDeserialize<JsonElement>(text, out var document)
            ? new ReadResult(response.StatusCode, document, null, elapsed)
            : new ReadResult(response.StatusCode, null, ProblemReader.Unreadable(response, text), elapsed);
    }

    private HttpRequestMessage NewRequest(HttpMethod method, string relativePath)
    {
        var message = new HttpRequestMessage(method, new Uri(_baseAddress, relativePath));
        // Per request rather than in DefaultRequestHeaders: the HttpClient may be shared with other keys.
        message.Headers.Add(ApiKeyHeader, _apiKey);
        message.Headers.Accept.ParseAdd("application/json");
        return message;
    }

    private static TimeSpan? RetryAfterOf(HttpResponseMessage response) =>
        response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - DateTimeOffset.UtcNow is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
            _ => null,
        };
}
