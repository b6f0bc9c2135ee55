using System.Security.Claims;
using System.Text.Json;
using Lottopar.GrainInterfaces.Credentials;
using Lottopar.Silo.CpfChecks;
using Lottopar.Silo.Security;
using Npgsql;
using NpgsqlTypes;

namespace Lottopar.Silo.Payments;

/// <summary>
/// The floor of the payments benchmark (docs/benchmarks.md): POST /payments/cash-in, /payments/cash-out
/// and /cpf/validate under /benchmarks/payments-floor, authenticated with the same key and scope and
/// their JSON bound the same way, then one row inserted: no player check, no PSP, no grain. A
/// client reaches it by changing its base address only. Mapped only when
/// Lottopar:Benchmarks:FloorEndpoint is true; never in a real deployment.
/// </summary>
public static class PaymentsFloorApi
{
    public static IEndpointRouteBuilder MapPaymentsFloorApi(this IEndpointRouteBuilder app)
    {
        var floor = app.MapGroup("/benchmarks/payments-floor").RequireAuthorization(Policies.ApiKeyCaller).ExcludeFromDescription();
        floor.MapPost("/payments/cash-in", (CashInBody body, ClaimsPrincipal user, NpgsqlDataSource dataSource, TimeProvider clock, CancellationToken cancellationToken) =>
            StoreAsync(body, user, dataSource, clock, StatusCodes.Status201Created, cancellationToken)).RequireApiScope(ApiScope.Payments);
        floor.MapPost("/payments/cash-out", (CashOutBody body, ClaimsPrincipal user, NpgsqlDataSource dataSource, TimeProvider clock, CancellationToken cancellationToken) =>
            StoreAsync(body, user, dataSource, clock, StatusCodes.Status201Created, cancellationToken)).RequireApiScope(ApiScope.Payments);
        floor.MapPost("/cpf/validate", (CpfBody body, ClaimsPrincipal user, NpgsqlDataSource dataSource, TimeProvider clock, CancellationToken cancellationToken) =>
            StoreAsync(body, user, dataSource, clock, StatusCodes.Status200OK, cancellationToken)).RequireApiScope(ApiScope.Cpf);
        return app;
    }

    /// <summary>Inserts the request as one row and answers its row id.</summary>
    private static async Task<IResult> StoreAsync<TBody>(
        TBody body, ClaimsPrincipal user, NpgsqlDataSource dataSource, TimeProvider clock, int status, CancellationToken cancellationToken)
    {
        await using var insert = dataSource.CreateCommand("insert into benchmark_floor (oprid, received_at, body) values ($1, $2, $3) returning id");
        insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = user.OpridOf()! });
        insert.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = clock.GetUtcNow() });
        insert.Parameters.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(body, JsonSerializerOptions.Web), NpgsqlDbType = NpgsqlDbType.Jsonb });
        var id = (long)(await insert.ExecuteScalarAsync(cancellationToken))!;
        return Results.Json(new { id }, statusCode: status);
    }
}
