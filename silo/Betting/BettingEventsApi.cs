using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Lottopar.GrainInterfaces.Betting;
using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Credentials;
using Lottopar.Grains.Betting;
using Lottopar.Grains.Validation;
using Lottopar.Silo.Http;
using Lottopar.Silo.Security;

namespace Lottopar.Silo.Betting;

/// <summary>
/// The real-time betting events API (betting-events-api.pt-BR.txt), field for field, and the
/// operator's reads of what it recorded. Operators see only their own events, slips and players.
/// </summary>
public static class BettingEventsApi
{
    /// <summary>Largest accepted body: generous for 100 legs and 16 KiB of meta.</summary>
    public const int MaxBodyBytes = 256 * 1024;

    /// <summary>
    /// The bodies these endpoints read and write with <see cref="ContractJson"/>: the OpenAPI document
    /// describes them from those options (<see cref="BettingContractSchemas"/>), not the camelCase defaults.
    /// </summary>
    public static IReadOnlyList<Type> ContractBodies { get; } =
        [typeof(BettingEventSubmission), typeof(BettingEventAccepted), typeof(RecordedEventView), typeof(BetSlipView), typeof(PlayerSummary)];

    public static IEndpointRouteBuilder MapBettingEventsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/betting-events", PostAsync)
            .RequireAuthorization(Policies.ApiKeyCaller).RequireApiScope(ApiScope.BettingEvents)
            .WithTags("Betting events").WithName("PostBettingEvent")
            .WithSummary("Records a betting event (new_bet, result, cancellation). 201 with event_id, received_at and the flags raised.")
            .WithMaxRequestBody(MaxBodyBytes).WithOwnBodyReading()
            .Accepts<BettingEventSubmission>("application/json")
            .Produces<BettingEventAccepted>(StatusCodes.Status201Created);

        var reads = app.MapGroup("/").WithTags("Betting events").RequireAuthorization(Policies.AnyCaller).RequireApiScope(ApiScope.BettingEvents);
        reads.MapGet("/betting-events/{eventId}", GetEventAsync).WithName("GetBettingEvent").WithSummary("One of this operator's recorded events.")
            .Produces<RecordedEventView>();
        reads.MapGet("/bet-slips/{betSlipId}", GetSlipAsync).WithName("GetBetSlip").WithSummary("A bet slip of this operator: state and every event.")
            .Produces<BetSlipView>();
        reads.MapGet("/players/{cpf}/summary", GetPlayerAsync).WithName("GetPlayerSummary")
            .WithSummary("This operator's view of a player: last reported balance, daily totals, flags.")
            .Produces<PlayerSummary>();
        return app;
    }

    public static async Task<IResult> PostAsync(HttpContext context, Orleans.IGrainFactory grains, PersonalGrainKeys keys, TimeProvider clock)
    {
        var oprid = context.User.OpridOf()!;
        if (!IsJson(context.Request.ContentType))
        {
            return Problem(context, 415, "unsupported_media_type", "Send the event as Content-Type: application/json.");
        }

        using var body = await RequestBody.ReadAsync(context.Request, MaxBodyBytes, context.RequestAborted);
        if (body is null)
        {
            return Problem(context, 413, "body_too_large", $"The body is larger than {MaxBodyBytes / 1024} KiB.");
        }

        if (RequestGuards.CheckJsonText(context, body.Span) is { } invalidText)
        {
            return invalidText;
        }

        BettingEventSubmission? submission;
        try
        {
            submission = JsonSerializer.Deserialize<BettingEventSubmission>(body.Span, ContractJson.Options);
        }
        catch (JsonException error)
        {
            throw new BadHttpRequestException("Malformed JSON.", error);
        }

        var bettingEvent = BettingEventRules.Validate(submission, clock.GetUtcNow());
        var idempotencyKey = context.Request.Headers["Idempotency-Key"].ToString();
        BettingEventAccepted accepted;
        if (idempotencyKey.Length > 0)
        {
            if (idempotencyKey.Length > 255 || idempotencyKey.Any(c => c is < '!' or > '~'))
            {
                throw DomainValidationException.For("Idempotency-Key", "1 to 255 visible ASCII characters.");
            }

            var hash = Convert.ToHexStringLower(SHA256.HashData(body.Span));
            accepted = await grains.Keyed<IBettingIdempotencyGrain>(new BettingIdempotencyKey(oprid, idempotencyKey).ToString()).SubmitAsync(hash, bettingEvent);
        }
        else
        {
            accepted = await grains.Keyed<IPlayerGrain>(keys.Player(bettingEvent.Cpf)).SubmitBettingEventAsync(oprid, bettingEvent);
        }

        return Results.Json(accepted, ContractJson.Options, statusCode: StatusCodes.Status201Created);
    }

    public static async Task<IResult> GetEventAsync(string eventId, ClaimsPrincipal user, BettingEventStore store, CancellationToken cancellationToken)
    {
        var oprid = OperatorOf(user);
        var record = Guid.TryParse(eventId, out var id) ? await store.FindAsync(id, oprid, cancellationToken) : null;
        return record is null
            ? throw new DomainNotFoundException($"No betting event {eventId} of {oprid}.")
            : Results.Json(new RecordedEventView(record.EventId, record.ReceivedAt, record.Oprid, Cpf.Mask(record.Cpf), record.PlayerSequence, record.Flags,
                record.Event with { Cpf = Cpf.Mask(record.Cpf) }), ContractJson.Options);
    }

    public static async Task<IResult> GetSlipAsync(string betSlipId, ClaimsPrincipal user, Orleans.IGrainFactory grains)
    {
        var oprid = OperatorOf(user);
        var slip = await grains.Keyed<IBetSlipGrain>(new BetSlipKey(oprid, betSlipId).ToString()).GetAsync();
        return slip is null ? throw new DomainNotFoundException($"{oprid} has no bet slip {betSlipId}.") : Results.Json(slip, ContractJson.Options);
    }

    public static async Task<IResult> GetPlayerAsync(string cpf, ClaimsPrincipal user, Orleans.IGrainFactory grains, PersonalGrainKeys keys)
    {
        var oprid = OperatorOf(user);
        if (!Cpf.TryNormalize(cpf, out var normalized))
        {
            throw DomainValidationException.For("cpf", "Not a valid CPF.");
        }

        var summary = await grains.Keyed<IPlayerGrain>(keys.Player(normalized)).GetSummaryAsync(normalized, oprid);
        return summary is null ? throw new DomainNotFoundException($"{oprid} never reported this player.") : Results.Json(summary, ContractJson.Options);
    }

    /// <summary>These reads are an operator's: its API key or its staff. LOTTOPAR staff use the admin views.</summary>
    private static string OperatorOf(ClaimsPrincipal user) =>
        user.OpridOf() ?? throw new DomainNotFoundException("These routes answer for an operator: use an operator API key or operator staff account.");

    private static bool IsJson(string? contentType) =>
        contentType is not null && contentType.Split(';')[0].Trim().Equals("application/json", StringComparison.OrdinalIgnoreCase);

    private static IResult Problem(HttpContext context, int status, string code, string detail) =>
        Results.Problem(detail, context.Request.Path, status, Problems.TitleOf(status), extensions: new Dictionary<string, object?> { ["code"] = code });
}

/// <summary>A recorded event as GET /betting-events/{id} shows it (the CPF masked).</summary>
public sealed record RecordedEventView(
    Guid EventId, DateTimeOffset ReceivedAt, string Oprid, string TaxId, long PlayerSequence, IReadOnlyList<string> Flags, BettingEvent Event);
