using Lottopar.GrainInterfaces.CpfChecks;

namespace Lottopar.Grains.CpfChecks;

/// <summary>The Receita Federal's CPF data, as the platform's configured registry answers it.</summary>
public interface ITaxRegistry
{
    /// <summary>The registry's entry, or null when it knows no such CPF.</summary>
    /// <exception cref="GrainInterfaces.Common.DependencyUnavailableException">The registry did not answer in time or failed.</exception>
    Task<TaxRegistryEntry?> FindAsync(string normalizedCpf, CancellationToken cancellationToken);
}
