using System.Security.Claims;
using Lottopar.GrainInterfaces.Betting;
using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.CpfChecks;
using Lottopar.GrainInterfaces.Credentials;
using Lottopar.Grains.CpfChecks;
using Lottopar.Grains.Validation;
using Lottopar.Silo.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lottopar.Silo.CpfChecks;

/// <summary>
/// CPF validation for operators (API key with scope "cpf"): check digits, the Receita Federal's
/// status, age, self-exclusions and LOTTOPAR's lists of barred persons. Rate-limited and logged per
/// operator. The answer says whether the player may bet and every reason against, never the
/// registry's name or birth date.
/// </summary>
public static class CpfApi
{
    public const string PerOperatorPolicy = "cpf-per-operator";

    public static IEndpointRouteBuilder MapCpfApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/cpf/validate", ValidateAsync).WithTags("CPF").WithName("ValidateCpf")
            .WithSummary("May this CPF bet? allowed, and every reason against (codes in docs/integracao-cpf.md).")
            .RequireAuthorization(Policies.ApiKeyCaller).RequireApiScope(ApiScope.Cpf).RequireRateLimiting(PerOperatorPolicy);
        return app;
    }

    public static async Task<Ok<CpfValidation>> ValidateAsync(
        CpfBody request, ClaimsPrincipal user, Orleans.IGrainFactory grains, PersonalGrainKeys keys, CpfCheckLog log, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        CpfCheck check;
        string digits;
        if (Cpf.TryNormalize(request.Cpf, out var cpf))
        {
            digits = cpf;
            check = await grains.Keyed<IPlayerGrain>(keys.Player(cpf)).CheckCpfAsync(cpf);
        }
        else if (Cpf.TryDigits(request.Cpf, out digits))
        {
            check = CpfCheckRules.InvalidCheckDigits(clock.GetUtcNow());
        }
        else
        {
            throw DomainValidationException.For("cpf", "A CPF is 11 digits, with or without '.' and '-' (\"123.456.789-09\").");
        }

        await log.RecordAsync(user.OpridOf()!, digits, check, cancellationToken);
        return TypedResults.Ok(new CpfValidation(check.Allowed, check.Reasons, check.CheckedAt));
    }
}

/// <summary>The answer: allowed or not, every reason against (code and message), when it was judged.</summary>
public sealed record CpfValidation(bool Allowed, IReadOnlyList<CpfRefusal> Reasons, DateTimeOffset CheckedAt);
