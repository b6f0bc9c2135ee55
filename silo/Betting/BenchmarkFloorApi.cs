using System.Security.Claims;
using System.Text.Json;
using Lottopar.GrainInterfaces.Betting;
using Lottopar.GrainInterfaces.Credentials;
using Lottopar.Silo.Http;
using Lottopar.Silo.Security;
using Npgsql;
using NpgsqlTypes;

namespace Lottopar.Silo.Betting;

/// <summary>
/// The floor of the betting-events benchmark (docs/benchmarks.md): the same authentication and JSON
/// parsing as POST /betting-events, then one row inserted: what a plain CRUD service would do per
/// event. Mapped only when Lottopar:Benchmarks:FloorEndpoint is true; never in a real deployment.
/// </summary>
public static class BenchmarkFloorApi
{
    public const string Setting = "Lottopar:Benchmarks:FloorEndpoint";

    public static IEndpointRouteBuilder MapBenchmarkFloorApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/benchmarks/betting-events-floor", PostAsync)
            .RequireAuthorization(Policies.ApiKeyCaller).RequireApiScope(ApiScope.BettingEvents)
            .WithMaxRequestBody(BettingEventsApi.MaxBodyBytes).WithOwnBodyReading()
            .ExcludeFromDescription();
        return app;
    }

    public static async Task<IResult> PostAsync(HttpContext context, ClaimsPrincipal user, NpgsqlDataSource dataSource, TimeProvider clock)
    {
        using var body = await RequestBody.ReadAsync(context.Request, BettingEventsApi.MaxBodyBytes, context.RequestAborted);
        if (body is null)
        {
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        if (RequestGuards.CheckJsonText(context, body.Span) is { } invalidText)
        {
            return invalidText;
        }

        try
        {
            JsonSerializer.Deserialize<BettingEventSubmission>(body.Span, ContractJson.Options);
        }
        catch (JsonException error)
        {
            throw new BadHttpRequestException("Malformed JSON.", error);
        }

        await using var insert = dataSource.CreateCommand("insert into benchmark_floor (oprid, received_at, body) values ($1, $2, $3) returning id");
        insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = user.OpridOf()! });
        insert.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = clock.GetUtcNow() });
        insert.Parameters.Add(new NpgsqlParameter { Value = System.Text.Encoding.UTF8.GetString(body.Span), NpgsqlDbType = NpgsqlDbType.Jsonb });
        var id = (long)(await insert.ExecuteScalarAsync(context.RequestAborted))!;
        return Results.Json(new { id }, statusCode: StatusCodes.Status201Created);
    }
}
