using Lottopar.GrainInterfaces.Common;

namespace Lottopar.Silo.CpfChecks;

/// <summary>A request that names a CPF in its body (never in its address: addresses end up in logs).</summary>
public sealed record CpfBody(string? Cpf)
{
    /// <summary>The normalised CPF, or a 422 on "cpf".</summary>
    public string Normalized() => RequireCpf(Cpf);

    public static string RequireCpf(string? input) =>
        Grains.Validation.Cpf.TryNormalize(input, out var cpf) ? cpf : throw DomainValidationException.For("cpf", "A valid CPF (11 digits with their check digits).");
}
