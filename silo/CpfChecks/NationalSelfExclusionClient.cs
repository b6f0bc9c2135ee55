using System.Net.Http.Headers;
using System.Text.Json;
using Lottopar.GrainInterfaces.Common;
using Lottopar.Grains.Common;
using Lottopar.Grains.CpfChecks;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Lottopar.Silo.CpfChecks;

/// <summary>The national self-exclusion list the CPF checks ask, when one is configured; bound from "Lottopar:SelfExclusion:National".</summary>
public sealed class NationalSelfExclusionOptions
{
    public const string SectionName = "Lottopar:SelfExclusion:National";

    /// <summary>The list's base address ("https://host/self-exclusion/"); empty: no national list, nothing asked.</summary>
    public string BaseUrl { get; set; } = "";

    public string Token { get; set; } = "";

    /// <summary>One attempt's limit; a failed attempt is retried twice (a lookup is safe to repeat).</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(2);
}

/// <summary>
/// Asks the national self-exclusion list about a CPF: <c>POST v1/autoexclusao/consulta</c> with the
/// CPF in the body, bearer token; 200 <c>{"autoexcluido": bool, "ate": "AAAA-MM-DD" | null}</c> (an
/// exclusion is in force through its last day, Brasília's calendar, or for good without one). Any
/// other answer, a timeout or an open circuit is "unavailable": nothing is decided without the list.
/// </summary>
public sealed class NationalSelfExclusionClient(HttpClient http, IOptions<NationalSelfExclusionOptions> options, TimeProvider clock, ILogger<NationalSelfExclusionClient> logger)
    : INationalSelfExclusionList
{
    public const string Dependency = "national_self_exclusion";
    public const string LookupPath = "v1/autoexclusao/consulta";

    public async Task<bool?> IsExcludedAsync(string normalizedCpf, CancellationToken cancellationToken)
    {
        if (http.BaseAddress is null)
        {
            return null;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, LookupPath) { Content = JsonContent.Create(new { cpf = normalizedCpf }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.Value.Token);
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode && await response.Content.ReadFromJsonAsync<ListAnswer>(JsonSerializerOptions.Web, cancellationToken) is { Autoexcluido: { } excluded } answer)
            {
                return excluded && (answer.Ate is not { } last || last >= BrasiliaTime.Today(clock.GetUtcNow()));
            }

            logger.LogWarning("The national self-exclusion list answered {Status} without a verdict", (int)response.StatusCode);
        }
        catch (Exception error) when (error is HttpRequestException or TimeoutRejectedException or BrokenCircuitException or JsonException
            || (error is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            logger.LogWarning("The national self-exclusion list did not answer: {Error}", error.GetType().Name);
        }

        throw new DependencyUnavailableException(Dependency, "The national self-exclusion list is not answering; nothing was decided. Retry shortly.");
    }

    private sealed record ListAnswer(bool? Autoexcluido, DateOnly? Ate);
}
