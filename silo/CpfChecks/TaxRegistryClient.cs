using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;
using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.CpfChecks;
using Lottopar.Grains.CpfChecks;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Lottopar.Silo.CpfChecks;

/// <summary>
/// Asks the tax registry about a CPF: <c>POST v1/cpf/consulta</c> with the CPF in the body (never in
/// the address, which proxies and HTTP logs keep), bearer token; 200 with the entry, 404 when the
/// registry knows no such CPF. Any other answer, a timeout or an open circuit is "unavailable".
/// </summary>
public sealed class TaxRegistryClient(HttpClient http, IOptions<TaxRegistryOptions> options, ILogger<TaxRegistryClient> logger) : ITaxRegistry
{
    public const string Dependency = "tax_registry";
    public const string LookupPath = "v1/cpf/consulta";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public async Task<TaxRegistryEntry?> FindAsync(string normalizedCpf, CancellationToken cancellationToken)
    {
        if (http.BaseAddress is null)
        {
            throw new DependencyUnavailableException(Dependency, "No tax registry is configured (Lottopar:TaxRegistry:BaseUrl).");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, LookupPath) { Content = JsonContent.Create(new { cpf = normalizedCpf }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.Value.Token);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (Exception error) when (error is HttpRequestException or TimeoutRejectedException or BrokenCircuitException
            || (error is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            logger.LogWarning("The tax registry did not answer: {Error}", error.GetType().Name);
            throw Unavailable();
        }

        using (response)
        {
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }

            if (!response.IsSuccessStatusCode)
            {
                logger.LogWarning("The tax registry answered {Status}", (int)response.StatusCode);
                throw Unavailable();
            }

            try
            {
                var answer = await response.Content.ReadFromJsonAsync<RegistryAnswer>(Json, cancellationToken);
                if (answer is { Nome: { Length: > 0 } name, DataNascimento: { } birthDate } && RegistryStatuses.TryParse(answer.Situacao, out var status))
                {
                    return new TaxRegistryEntry(name, status, birthDate);
                }
            }
            catch (JsonException)
            {
            }

            logger.LogError("The tax registry's answer could not be read (expected nome, situacao, data_nascimento)");
            throw Unavailable();
        }
    }

    private static DependencyUnavailableException Unavailable() =>
        new(Dependency, "The tax registry (Receita Federal) is not answering; nothing was decided. Retry shortly.");

    private sealed record RegistryAnswer(string? Nome, string? Situacao, [property: JsonPropertyName("data_nascimento")] DateOnly? DataNascimento);
}

/// <summary>The registry's words for a CPF's status (Receita Federal's "situação cadastral").</summary>
public static class RegistryStatuses
{
    private static readonly Dictionary<string, TaxStatus> Names = new()
    {
        ["regular"] = TaxStatus.Regular,
        ["suspensa"] = TaxStatus.Suspended,
        ["cancelada"] = TaxStatus.Cancelled,
        ["pendente_regularizacao"] = TaxStatus.PendingRegularisation,
        ["nula"] = TaxStatus.Null,
        ["titular_falecido"] = TaxStatus.Deceased,
    };

    public static bool TryParse(string? name, out TaxStatus status) => Names.TryGetValue(name ?? "", out status);

    public static string WireName(this TaxStatus status) => Names.First(n => n.Value == status).Key;

    public static IReadOnlyList<string> All => [.. Names.Keys];
}
