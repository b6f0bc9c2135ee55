using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Lottopar.Client.Tests;

/// <summary>How the fake platform refuses a request instead of accepting it.</summary>
/// <param name="Html">Answer an HTML page instead of problem+json, as a proxy in front of the platform would.</param>
internal sealed record Refusal(
    int Status, string Code, Dictionary<string, string[]>? Errors = null, int? RetryAfterSeconds = null, bool Html = false);

/// <summary>
/// A tiny stand-in for the platform on 127.0.0.1 and a free port, speaking the API as the server team designed
/// it (201 body, problem+json, Retry-After, Idempotency-Key, the three reads). It also checks what a load test
/// must never do: two requests of one player at the same time, or a balance that does not continue.
/// </summary>
internal sealed class FakePlatform : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Func<int, JsonElement, Refusal?> _refuse;
    private readonly TimeSpan _latency;
    private readonly ConcurrentDictionary<string, int> _inFlightByPlayer = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, List<JsonElement>> _acceptedByPlayer = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Guid, JsonElement> _eventsById = new();
    private readonly ConcurrentDictionary<string, string> _slipStates = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, BettingEventAccepted> _byIdempotencyKey = new(StringComparer.Ordinal);
    private int _requests;

    private FakePlatform(WebApplication app, Func<int, JsonElement, Refusal?> refuse, TimeSpan latency)
    {
        _app = app;
        _refuse = refuse;
        _latency = latency;
    }

    /// <summary>The key the platform accepts; each platform has its own.</summary>
    public string ApiKey { get; } = $"lp_hml_OPR-000001_{Guid.NewGuid():N}";

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Every POST body as received, in arrival order.</summary>
    public ConcurrentQueue<ReceivedEvent> Received { get; } = new();

    /// <summary>Breaches of a player's ordering: overlapping requests, or a balance gap in accepted events.</summary>
    public ConcurrentQueue<string> Violations { get; } = new();

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>"POST /payments/cash-in": every request's method and path, in arrival order.</summary>
    public ConcurrentQueue<string> RequestPaths { get; } = new();

    /// <summary>Accepted events per CPF, in the order they were accepted.</summary>
    public IReadOnlyDictionary<string, List<JsonElement>> AcceptedByPlayer => _acceptedByPlayer;

    /// <param name="refuse">Given the request's number (from 1) and body, a refusal, or null to accept.</param>
    /// <param name="latency">Time spent on each POST, so that overlapping requests of one player would be seen.</param>
    public static async Task<FakePlatform> StartAsync(Func<int, JsonElement, Refusal?>? refuse = null, TimeSpan? latency = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var platform = new FakePlatform(app, refuse ?? ((_, _) => null), latency ?? TimeSpan.FromMilliseconds(1));
        app.Use((context, next) =>
        {
            platform.RequestPaths.Enqueue($"{context.Request.Method} {context.Request.Path}");
            return next(context);
        });

        // "/benchmarks/payments-floor": where the payments benchmark's floor answers the same calls.
        foreach (var prefix in new[] { "", "/gateway", "/benchmarks/payments-floor" })
        {
            var api = app.MapGroup(prefix);
            // Typed as a Func: as a method group it would bind to RequestDelegate and the IResult would be dropped.
            api.MapPost("/betting-events", (Func<HttpContext, Task<IResult>>)platform.ReceiveAsync);
            api.MapGet("/betting-events/{eventId:guid}", platform.GetEvent);
            api.MapGet("/bet-slips/{betSlipId}", platform.GetSlip);
            api.MapGet("/players/{cpf}/summary", platform.GetPlayer);
            api.MapPost("/cpf/validate", (Func<HttpContext, Task<IResult>>)platform.ValidateCpfAsync);
            api.MapPost("/payments/cash-in", (Func<HttpContext, Task<IResult>>)platform.CashInAsync);
            api.MapPost("/payments/cash-out", (Func<HttpContext, Task<IResult>>)platform.CashOutAsync);
            api.MapPut("/players/payout-account", (Func<HttpContext, Task<IResult>>)platform.PayoutAccountAsync);
            api.MapGet("/payments/{id}", platform.GetPayment);
        }

        await app.StartAsync();
        platform.BaseAddress = new Uri(app.Urls.Single());
        return platform;
    }

    public HttpClient CreateHttpClient(string path = "") => new() { BaseAddress = new Uri(BaseAddress, path) };

    public LottoparClient CreateClient(HttpClient http, string? apiKey = null) => new(http, apiKey ?? ApiKey);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task<IResult> ReceiveAsync(HttpContext context)
    {
        if (Unauthorized(context) is { } unauthorized)
        {
            return unauthorized;
        }

        var number = Interlocked.Increment(ref _requests);
        var body = await new StreamReader(context.Request.Body).ReadToEndAsync(context.RequestAborted);
        var idempotencyKey = context.Request.Headers[LottoparClient.IdempotencyKeyHeader].ToString();
        Received.Enqueue(new ReceivedEvent(body, idempotencyKey, context.Request.ContentType));

        JsonElement json;
        try
        {
            json = JsonDocument.Parse(body).RootElement;
        }
        catch (JsonException e)
        {
            return Problem(new Refusal(400, "malformed_json", new() { ["$"] = [e.Message] }), context);
        }

        if (idempotencyKey.Length > 0 && _byIdempotencyKey.TryGetValue(idempotencyKey, out var original))
        {
            return Results.Json(original with { Replayed = true }, LottoparJson.Options, statusCode: 201);
        }

        var cpf = json.GetProperty("tax_id").GetString()!;
        if (_inFlightByPlayer.AddOrUpdate(cpf, 1, (_, n) => n + 1) > 1)
        {
            Violations.Enqueue($"two requests of {Cpfs.Mask(cpf)} at once");
        }

        try
        {
            await Task.Delay(_latency, context.RequestAborted);
            return _refuse(number, json) is { } refusal ? Problem(refusal, context) : Accept(cpf, json, idempotencyKey);
        }
        finally
        {
            _inFlightByPlayer.AddOrUpdate(cpf, 0, (_, n) => n - 1);
        }
    }

    private IResult Accept(string cpf, JsonElement json, string idempotencyKey)
    {
        var flags = new List<string>();
        var history = _acceptedByPlayer.GetOrAdd(cpf, _ => []);
        lock (history)
        {
            if (history.Count > 0
                && history[^1].GetProperty("current_player_balance").GetInt64() != json.GetProperty("last_player_balance").GetInt64())
            {
                flags.Add("balance_discontinuity");
                Violations.Enqueue($"balance gap for {Cpfs.Mask(cpf)}");
            }

            history.Add(json);
        }

        var slipId = json.GetProperty("bet_slip_id").GetString()!;
        var state = json.TryGetProperty("bet_slip_state", out var s) ? s.GetString()! : BetSlipStates.Open;
        _slipStates[slipId] = state;
        var accepted = new BettingEventAccepted
        {
            EventId = Guid.NewGuid(),
            ReceivedAt = DateTimeOffset.UtcNow,
            BetSlipId = slipId,
            BetSlipState = state,
            Flags = flags,
        };
        _eventsById[accepted.EventId] = json;
        if (idempotencyKey.Length > 0)
        {
            _byIdempotencyKey[idempotencyKey] = accepted;
        }

        return Results.Json(accepted, LottoparJson.Options, statusCode: 201);
    }

    private IResult GetEvent(Guid eventId, HttpContext context) =>
        Unauthorized(context) ?? (_eventsById.TryGetValue(eventId, out var json) ? Results.Json(json) : NotFound(context));

    private IResult GetSlip(string betSlipId, HttpContext context) =>
        Unauthorized(context) ?? (_slipStates.TryGetValue(betSlipId, out var state)
            ? Results.Json(new Dictionary<string, object> { ["bet_slip_id"] = betSlipId, ["state"] = state })
            : NotFound(context));

    private IResult GetPlayer(string cpf, HttpContext context)
    {
        if (Unauthorized(context) is { } unauthorized)
        {
            return unauthorized;
        }

        if (!_acceptedByPlayer.TryGetValue(cpf, out var history))
        {
            return NotFound(context);
        }

        lock (history)
        {
            return Results.Json(new Dictionary<string, object>
            {
                ["events"] = history.Count,
                ["balance"] = history[^1].GetProperty("current_player_balance").GetInt64(),
            });
        }
    }

    /// <summary>What POST /cpf/validate answers for a CPF as sent (tests set it); any other CPF is a 422, or <see cref="AnyValidCpfAnswer"/>.</summary>
    public ConcurrentDictionary<string, CpfAnswer> CpfAnswers { get; } = new();

    /// <summary>When set, the answer for any valid CPF not in <see cref="CpfAnswers"/>.</summary>
    public CpfAnswer? AnyValidCpfAnswer { get; set; }

    /// <summary>The CPFs of every validation and deposit, as sent: a load that sends one twice is not sending new players.</summary>
    public ConcurrentQueue<string> CpfsSeen { get; } = new();

    private async Task<IResult> ValidateCpfAsync(HttpContext context)
    {
        if (Unauthorized(context) is { } unauthorized)
        {
            return unauthorized;
        }

        var body = await JsonSerializer.DeserializeAsync<JsonElement>(context.Request.Body);
        var cpf = body.GetProperty("cpf").GetString() ?? "";
        CpfsSeen.Enqueue(cpf);
        var answer = CpfAnswers.TryGetValue(cpf, out var set) ? set : Cpfs.IsValid(cpf) ? AnyValidCpfAnswer : null;
        if (answer is null)
        {
            return Problem(new Refusal(422, "validation_failed", new() { ["cpf"] = ["A CPF is 11 digits."] }), context);
        }

        return answer.Refusal is { } refusal
            ? Problem(refusal, context)
            : Results.Json(new { allowed = answer.Reasons.Length == 0, reasons = answer.Reasons.Select(r => new { code = r, message = $"Because {r}." }), checked_at = DateTimeOffset.UtcNow });
    }

    /// <summary>The cash-ins received (body and Idempotency-Key); each answered as a pending deposit, or with <see cref="CashInRefusal"/>.</summary>
    public ConcurrentQueue<ReceivedEvent> CashIns { get; } = new();

    /// <summary>The cash-outs received; each answered as a payout that failed for lack of funds, unless <see cref="PayoutsComplete"/>.</summary>
    public ConcurrentQueue<ReceivedEvent> CashOuts { get; } = new();

    public Refusal? CashInRefusal { get; set; }

    /// <summary>Given a deposit's number (from 1), whether the PSP ever pays it; every deposit by default.</summary>
    public Func<int, bool> DepositSettles { get; set; } = _ => true;

    /// <summary>Reads of a payable deposit (GET /payments/{id}) that still find it pending before it is completed.</summary>
    public int ReadsBeforeSettled { get; set; } = 2;

    /// <summary>
    /// Payouts complete, but only to players whose payout account was registered (else 422
    /// payout_account_missing, as the platform answers), and one payout of a player at a time.
    /// By default every payout fails for lack of funds, whatever the account.
    /// </summary>
    public bool PayoutsComplete { get; set; }

    /// <summary>The CPFs whose payout account was registered (the key was their own).</summary>
    public ConcurrentDictionary<string, int> PayoutAccounts { get; } = new(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<string, Deposit> _deposits = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _payoutsInFlight = new(StringComparer.Ordinal);
    private int _depositNumbers;

    /// <summary>A deposit the fake made: whether it will be paid, and how often it was read.</summary>
    private sealed class Deposit(bool settles)
    {
        private int _reads;

        public string Read(int readsBeforeSettled) => settles && Interlocked.Increment(ref _reads) > readsBeforeSettled ? "completed" : "pending";
    }

    private IResult GetPayment(string id, HttpContext context) =>
        Unauthorized(context) ?? (_deposits.TryGetValue(id, out var deposit)
            ? Results.Json(new { id, kind = "cash_in", status = deposit.Read(ReadsBeforeSettled) })
            : NotFound(context));

    private async Task<IResult> CashInAsync(HttpContext context)
    {
        if (Unauthorized(context) is { } unauthorized)
        {
            return unauthorized;
        }

        using var reader = new StreamReader(context.Request.Body);
        var text = await reader.ReadToEndAsync();
        CashIns.Enqueue(new ReceivedEvent(text, context.Request.Headers[LottoparClient.IdempotencyKeyHeader].ToString(), context.Request.ContentType));
        if (CashInRefusal is { } refusal)
        {
            return Problem(refusal, context);
        }

        var body = JsonSerializer.Deserialize<JsonElement>(text);
        CpfsSeen.Enqueue(body.GetProperty("cpf").GetString()!);
        var id = "lp" + Guid.NewGuid().ToString("N");
        _deposits[id] = new Deposit(DepositSettles(Interlocked.Increment(ref _depositNumbers)));
        return Results.Json(new
        {
            id,
            status = "pending",
            cpf = "***.982.247-**",
            amount = body.GetProperty("amount").GetInt64(),
            reference = body.GetProperty("reference").GetString(),
            brCode = "00020101021226",
            qrCodePng = Convert.ToBase64String([0x89, (byte)'P', (byte)'N', (byte)'G']),
            expiresAt = "2026-12-03T12:00:00Z",
        }, statusCode: 201);
    }

    /// <summary>Answers a payout failed for lack of funds: what the CLI prints of a failure.</summary>
    private async Task<IResult> CashOutAsync(HttpContext context)
    {
        if (Unauthorized(context) is { } unauthorized)
        {
            return unauthorized;
        }

        var text = await new StreamReader(context.Request.Body).ReadToEndAsync(context.RequestAborted);
        CashOuts.Enqueue(new ReceivedEvent(text, context.Request.Headers[LottoparClient.IdempotencyKeyHeader].ToString(), context.Request.ContentType));
        var body = JsonSerializer.Deserialize<JsonElement>(text);
        if (PayoutsComplete)
        {
            return await PayOutAsync(body.GetProperty("cpf").GetString()!, context);
        }

        return Results.Json(new
        {
            id = "lo" + new string('b', 32),
            kind = "cash_out",
            status = "failed",
            cpf = "***.982.247-**",
            amount = body.GetProperty("amount").GetInt64(),
            reference = body.GetProperty("reference").GetString(),
            pixKey = "***.982.247-**",
            failureReason = "insufficient_funds",
        }, statusCode: 201);
    }

    /// <summary>Refuses a key held by someone else (any key but the CPF itself), as the platform does after its DICT lookup.</summary>
    private async Task<IResult> PayoutAccountAsync(HttpContext context)
    {
        if (Unauthorized(context) is { } unauthorized)
        {
            return unauthorized;
        }

        var body = await JsonSerializer.DeserializeAsync<JsonElement>(context.Request.Body, cancellationToken: context.RequestAborted);
        var cpf = body.GetProperty("cpf").GetString()!;
        var own = body.GetProperty("pixKey").GetString() == cpf;
        if (own)
        {
            PayoutAccounts.AddOrUpdate(cpf, 1, (_, n) => n + 1);
        }

        return own
            ? Results.Json(new { oprid = "OPR-000001", cpf = "***.982.247-**", pixKey = "***.982.247-**", keyType = "CPF", holderName = "Jogador", ispb = "99999010", verifiedAt = "2026-12-03T12:00:00Z" })
            : Problem(new Refusal(422, "payout_key_not_players"), context);
    }

    /// <summary>A payout completed to a registered account; two of one player at once are a violation.</summary>
    private async Task<IResult> PayOutAsync(string cpf, HttpContext context)
    {
        if (!PayoutAccounts.ContainsKey(cpf))
        {
            return Problem(new Refusal(422, "payout_account_missing"), context);
        }

        if (_payoutsInFlight.AddOrUpdate(cpf, 1, (_, n) => n + 1) > 1)
        {
            Violations.Enqueue($"two payouts of {Cpfs.Mask(cpf)} at once");
        }

        try
        {
            await Task.Delay(_latency, context.RequestAborted);
            return Results.Json(new { id = "lo" + Guid.NewGuid().ToString("N"), kind = "cash_out", status = "completed" }, statusCode: 201);
        }
        finally
        {
            _payoutsInFlight.AddOrUpdate(cpf, 0, (_, n) => n - 1);
        }
    }

    private IResult? Unauthorized(HttpContext context) =>
        context.Request.Headers[LottoparClient.ApiKeyHeader] == ApiKey
            ? null
            : Problem(new Refusal(401, "invalid_api_key"), context);

    private static IResult NotFound(HttpContext context) => Problem(new Refusal(404, "not_found"), context);

    private static IResult Problem(Refusal refusal, HttpContext context)
    {
        if (refusal.RetryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (refusal.Html)
        {
            return Results.Content("<html><body><h1>502 Bad Gateway</h1></body></html>", "text/html", statusCode: refusal.Status);
        }

        var extensions = new Dictionary<string, object?> { ["code"] = refusal.Code };
        if (refusal.Errors is not null)
        {
            extensions["errors"] = refusal.Errors;
        }

        return Results.Problem(title: $"Refused: {refusal.Code}", statusCode: refusal.Status, detail: "As the test asked.", extensions: extensions);
    }
}

/// <summary>The fake's answer to a CPF check: the reason codes against (none: allowed), or a refusal of the request.</summary>
internal sealed record CpfAnswer(string[] Reasons, Refusal? Refusal = null);

/// <summary>A POST as the fake platform received it.</summary>
internal sealed record ReceivedEvent(string Body, string IdempotencyKey, string? ContentType);
