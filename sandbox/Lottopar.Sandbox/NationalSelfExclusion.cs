using System.Text.Json;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Lottopar.Sandbox;

/// <summary>
/// The sandbox of a national self-exclusion list (docs/integracao-cpf.md): nobody is on it unless an
/// admin put them there. Lookups take the tax registry's bearer token; <c>{"autoexcluido", "ate"}</c>
/// answers whether the CPF is on the list and through which day (null: for good).
/// </summary>
public static class NationalSelfExclusionApi
{
    public static IEndpointRouteBuilder MapNationalSelfExclusion(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/self-exclusion");
        group.MapPost("/v1/autoexclusao/consulta", LookupAsync);
        group.MapPut("/v1/autoexclusao", SetAsync);
        return app;
    }

    private static async Task<IResult> LookupAsync(HttpContext context, NationalSelfExclusionStore store, IOptions<TaxRegistryOptions> options)
    {
        if (context.Request.Headers.Authorization.ToString() != "Bearer " + options.Value.Token)
        {
            return Results.Json(new { erro = "token invalido" }, statusCode: 401);
        }

        var body = await Psp.JsonBodies.ReadAsync(context);
        if (Psp.JsonBodies.Text(body?["cpf"]) is not { } cpf || !SandboxCpf.IsValid(cpf))
        {
            return Results.Json(new { erro = "cpf: 11 digitos validos" }, statusCode: 422);
        }

        var entry = await store.FindAsync(cpf, context.RequestAborted);
        return Results.Json(new { autoexcluido = entry is not null, ate = entry?.Ate });
    }

    /// <summary>{"cpf", "autoexcluido", "ate"} (admin token): puts a CPF on the list (through "ate", or for good) or takes it off.</summary>
    private static async Task<IResult> SetAsync(HttpContext context, NationalSelfExclusionStore store, SandboxAdmin admin)
    {
        if (admin.Refuse(context) is { } refused)
        {
            return refused;
        }

        var body = await Psp.JsonBodies.ReadAsync(context);
        var cpf = Psp.JsonBodies.Text(body?["cpf"]);
        var excluded = body?["autoexcluido"]?.GetValueKind() is JsonValueKind.True or null;
        DateOnly? until = DateOnly.TryParse(Psp.JsonBodies.Text(body?["ate"]), System.Globalization.CultureInfo.InvariantCulture, out var day) ? day : null;
        if (cpf is null || !SandboxCpf.IsValid(cpf) || (Psp.JsonBodies.Text(body?["ate"]) is not null && until is null))
        {
            return Results.Json(new { erro = "cpf (11 digitos validos); ate: AAAA-MM-DD ou null" }, statusCode: 422);
        }

        await store.SetAsync(cpf, excluded, until, context.RequestAborted);
        return Results.Json(new { cpf, autoexcluido = excluded, ate = excluded ? until : null });
    }
}

/// <summary>The sandbox's national list, in its own database.</summary>
public sealed class NationalSelfExclusionStore(NpgsqlDataSource dataSource)
{
    public const string Schema = """
        create table if not exists sandbox_national_self_exclusions (
            cpf text primary key,
            ate date
        )
        """;

    public async Task<(string Cpf, DateOnly? Ate)?> FindAsync(string cpf, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("select ate from sandbox_national_self_exclusions where cpf = $1");
        command.Parameters.AddWithValue(cpf);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (cpf, reader.IsDBNull(0) ? null : reader.GetFieldValue<DateOnly>(0)) : null;
    }

    public async Task SetAsync(string cpf, bool excluded, DateOnly? until, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(excluded
            ? "insert into sandbox_national_self_exclusions (cpf, ate) values ($1, $2) on conflict (cpf) do update set ate = excluded.ate"
            : "delete from sandbox_national_self_exclusions where cpf = $1");
        command.Parameters.AddWithValue(cpf);
        if (excluded)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)until ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Date });
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
