using System.Security.Claims;
using Lottopar.GrainInterfaces.Common;
using Lottopar.Grains.Validation;
using Lottopar.Silo.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Lottopar.Silo.CpfChecks;

/// <summary>
/// Homologation only: LOTTOPAR admins set what the sandbox's tax registry answers for a CPF (a
/// suspended CPF, a minor, a deceased holder...), so that operators can test every refusal. The
/// platform forwards to the sandbox with its admin token; the route does not exist in production.
/// </summary>
public static class SandboxRegistryAdminApi
{
    public const string HttpClientName = "sandbox-tax-registry-admin";

    public static IEndpointRouteBuilder MapSandboxRegistryAdminApi(this IEndpointRouteBuilder app)
    {
        app.MapPut("/admin/sandbox/tax-registry", SetAsync).WithTags("Admin: homologation sandbox").WithName("SetSandboxTaxRegistryEntry")
            .WithSummary("Sets the sandbox registry's answer for a CPF: name, status (regular, suspensa, cancelada, pendente_regularizacao, nula, titular_falecido), birth date, or unknown.")
            .RequireAuthorization(Policies.LottoparAdmin);
        return app;
    }

    public static async Task<Ok<SandboxRegistryEntry>> SetAsync(
        SandboxRegistryEntry entry, ClaimsPrincipal user, IHttpClientFactory httpClients, IOptions<SandboxOptions> options,
        ILogger<SandboxRegistryEntry> logger, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var valid = Cpf.TryNormalize(entry.Cpf, out var cpf);
        errors.Require(valid, "cpf", "Not a valid CPF (11 digits with their check digits).");
        if (!entry.Unknown)
        {
            errors.Require(!string.IsNullOrWhiteSpace(entry.Name) && entry.Name.Length <= 200, "name", "The holder's name (1 to 200 characters).");
            errors.Require(RegistryStatuses.TryParse(entry.Status, out _), "status", $"One of: {string.Join(", ", RegistryStatuses.All)}.");
            errors.Require(entry.BirthDate is { } birth && birth.Year >= 1900, "birthDate", "The birth date (YYYY-MM-DD).");
        }

        errors.ThrowIfAny();
        var http = httpClients.CreateClient(HttpClientName);
        if (http.BaseAddress is null)
        {
            throw new DependencyUnavailableException(TaxRegistryClient.Dependency, "No tax registry is configured (Lottopar:TaxRegistry:BaseUrl).");
        }

        using var request = new HttpRequestMessage(HttpMethod.Put, "v1/cpf")
        {
            Content = JsonContent.Create(new { cpf, nome = entry.Name, situacao = entry.Status, data_nascimento = entry.BirthDate, inexistente = entry.Unknown }),
        };
        request.Headers.Add("X-Sandbox-Admin-Token", options.Value.AdminToken);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException)
        {
            throw new DependencyUnavailableException(TaxRegistryClient.Dependency, "The sandbox's tax registry is not answering.");
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new DependencyUnavailableException(TaxRegistryClient.Dependency, $"The sandbox's tax registry refused the entry ({(int)response.StatusCode}).");
            }
        }

        logger.LogInformation("{Actor} set the sandbox registry's answer for {Cpf}: {Status}", user.ToActor(), Cpf.Mask(cpf), entry.Unknown ? "unknown" : entry.Status);
        return TypedResults.Ok(entry with { Cpf = Cpf.Mask(cpf) });
    }
}

/// <summary>The sandbox registry's answer for a CPF; unknown: the registry knows no such CPF.</summary>
public sealed record SandboxRegistryEntry(string? Cpf, string? Name, string? Status, DateOnly? BirthDate, bool Unknown = false);
