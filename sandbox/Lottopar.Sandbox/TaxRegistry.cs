using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Lottopar.Sandbox;

/// <summary>Tokens of the sandbox tax registry; bound from "Sandbox:TaxRegistry".</summary>
public sealed class TaxRegistryOptions
{
    public const string SectionName = "Sandbox:TaxRegistry";

    /// <summary>What callers send as "Authorization: Bearer ...".</summary>
    public string Token { get; set; } = "";
}

/// <summary>
/// The sandbox of the Receita Federal's CPF registry (docs/integracao-cpf.md, "Sandbox"). Every CPF
/// with valid check digits exists, regular, with a name and an adult birth date derived from its
/// digits, unless an admin set another answer. Answers in the registry's words: nome, situacao
/// (regular, suspensa, cancelada, pendente_regularizacao, nula, titular_falecido), data_nascimento.
/// </summary>
public static class TaxRegistryApi
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static IEndpointRouteBuilder MapTaxRegistry(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/tax-registry");
        group.MapPost("/v1/cpf/consulta", LookupAsync);
        group.MapPut("/v1/cpf", SetAsync);
        group.MapPost("/faults", ArmFaults);
        return app;
    }

    private static async Task<IResult> LookupAsync(HttpContext context, TaxRegistryStore store, TaxRegistryFaults faults, IOptions<TaxRegistryOptions> options)
    {
        if (context.Request.Headers.Authorization.ToString() != "Bearer " + options.Value.Token)
        {
            return Results.Json(new { erro = "token invalido" }, Json, statusCode: 401);
        }

        if (await faults.TakeAsync(context.RequestAborted) is { } status)
        {
            return Results.Json(new { erro = "falha simulada" }, Json, statusCode: status);
        }

        var request = await ReadAsync<LookupRequest>(context);
        if (request?.Cpf is not { } cpf || !SandboxCpf.IsValid(cpf))
        {
            return Results.Json(new { erro = "CPF inexistente" }, Json, statusCode: 404);
        }

        var entry = await store.FindAsync(cpf, context.RequestAborted) ?? SandboxCpf.Generated(cpf);
        return entry.Inexistente
            ? Results.Json(new { erro = "CPF inexistente" }, Json, statusCode: 404)
            : Results.Json(new { cpf, entry.Nome, entry.Situacao, entry.DataNascimento }, Json);
    }

    private static async Task<IResult> SetAsync(HttpContext context, TaxRegistryStore store, SandboxAdmin admin)
    {
        if (admin.Refuse(context) is { } refused)
        {
            return refused;
        }

        var entry = await ReadAsync<RegistryEntry>(context);
        var errors = new Dictionary<string, string>();
        if (entry?.Cpf is not { } cpf || !SandboxCpf.IsValid(cpf))
        {
            errors["cpf"] = "11 digitos com digitos verificadores validos";
        }

        if (entry is { Inexistente: false } && string.IsNullOrWhiteSpace(entry.Nome))
        {
            errors["nome"] = "obrigatorio";
        }

        if (entry is { Inexistente: false } && !SandboxCpf.Statuses.Contains(entry.Situacao))
        {
            errors["situacao"] = string.Join(", ", SandboxCpf.Statuses);
        }

        if (entry is { Inexistente: false, DataNascimento: null })
        {
            errors["data_nascimento"] = "AAAA-MM-DD";
        }

        if (errors.Count > 0 || entry is null)
        {
            return Results.Json(new { erro = "entrada invalida", campos = errors }, Json, statusCode: 422);
        }

        await store.SetAsync(entry, context.RequestAborted);
        return Results.Json(entry, Json);
    }

    private static Task<IResult> ArmFaults(HttpContext context, TaxRegistryFaults faults, SandboxAdmin admin) => faults.ArmAsync(context, admin);

    private static async Task<T?> ReadAsync<T>(HttpContext context)
        where T : class
    {
        try
        {
            return await context.Request.ReadFromJsonAsync<T>(Json, context.RequestAborted);
        }
        catch (Exception error) when (error is JsonException or InvalidOperationException or BadHttpRequestException)
        {
            return null;
        }
    }

    private sealed record LookupRequest(string? Cpf);
}

/// <summary>An answer of the registry: a person, or (inexistente) a CPF it does not know.</summary>
public sealed record RegistryEntry(
    string? Cpf, string? Nome, string? Situacao, [property: JsonPropertyName("data_nascimento")] DateOnly? DataNascimento, bool Inexistente = false);

/// <summary>Faults armed for the tax registry's lookups.</summary>
public sealed class TaxRegistryFaults : SimulatedFaults;

/// <summary>The entries admins set, in the sandbox's own database.</summary>
public sealed class TaxRegistryStore(NpgsqlDataSource dataSource, TimeProvider clock)
{
    public const string Schema = """
        create table if not exists sandbox_tax_registry (
            cpf text primary key,
            nome text,
            situacao text,
            data_nascimento date,
            inexistente boolean not null,
            updated_at timestamptz not null
        )
        """;

    public async Task<RegistryEntry?> FindAsync(string cpf, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("select nome, situacao, data_nascimento, inexistente from sandbox_tax_registry where cpf = $1");
        command.Parameters.AddWithValue(cpf);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new RegistryEntry(cpf, reader.IsDBNull(0) ? null : reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetFieldValue<DateOnly>(2), reader.GetBoolean(3))
            : null;
    }

    public async Task SetAsync(RegistryEntry entry, CancellationToken cancellationToken)
    {
        const string sql = """
            insert into sandbox_tax_registry (cpf, nome, situacao, data_nascimento, inexistente, updated_at) values ($1, $2, $3, $4, $5, $6)
            on conflict (cpf) do update set nome = excluded.nome, situacao = excluded.situacao, data_nascimento = excluded.data_nascimento,
                inexistente = excluded.inexistente, updated_at = excluded.updated_at
            """;
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue(entry.Cpf!);
        command.Parameters.AddWithValue((object?)entry.Nome ?? DBNull.Value);
        command.Parameters.AddWithValue((object?)entry.Situacao ?? DBNull.Value);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)entry.DataNascimento ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Date });
        command.Parameters.AddWithValue(entry.Inexistente);
        command.Parameters.AddWithValue(clock.GetUtcNow());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>CPF arithmetic and the made-up person every valid CPF is until an admin says otherwise.</summary>
public static class SandboxCpf
{
    public static readonly IReadOnlyList<string> Statuses = ["regular", "suspensa", "cancelada", "pendente_regularizacao", "nula", "titular_falecido"];

    private static readonly string[] FirstNames = ["Ana", "Bruno", "Carla", "Diego", "Elisa", "Fábio", "Gabriela", "Heitor", "Isabela", "João", "Larissa", "Marcos"];

    private static readonly string[] LastNames = ["Almeida", "Barbosa", "Costa", "Dias", "Ferreira", "Gomes", "Lima", "Moreira", "Oliveira", "Pereira", "Rocha", "Souza"];

    public static bool IsValid(string cpf)
    {
        if (cpf.Length != 11 || !cpf.All(char.IsAsciiDigit) || cpf.All(c => c == cpf[0]))
        {
            return false;
        }

        return cpf[9] - '0' == CheckDigit(cpf.AsSpan(0, 9)) && cpf[10] - '0' == CheckDigit(cpf.AsSpan(0, 10));
    }

    /// <summary>Regular, with a name and a birth date between 1950 and 1999 taken from the digits' hash: the same answer every time.</summary>
    public static RegistryEntry Generated(string cpf)
    {
        var hash = SHA256.HashData(Encoding.ASCII.GetBytes(cpf));
        var days = BitConverter.ToUInt16(hash, 2) % 18_200;
        return new RegistryEntry(cpf, $"{FirstNames[hash[0] % FirstNames.Length]} {LastNames[hash[1] % LastNames.Length]}", "regular",
            new DateOnly(1950, 1, 1).AddDays(days));
    }

    private static int CheckDigit(ReadOnlySpan<char> digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            sum += (digits[i] - '0') * (digits.Length + 1 - i);
        }

        var rest = sum * 10 % 11;
        return rest == 10 ? 0 : rest;
    }
}
