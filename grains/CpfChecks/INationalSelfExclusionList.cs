namespace Lottopar.Grains.CpfChecks;

/// <summary>
/// The national self-exclusion list (a person excluded there may bet with no operator), when one is
/// configured: the CPF checks ask it beside the tax registry.
/// </summary>
public interface INationalSelfExclusionList
{
    /// <summary>Whether the CPF's holder is self-excluded now; null when no national list is configured (nothing asked).</summary>
    /// <exception cref="GrainInterfaces.Common.DependencyUnavailableException">The list did not answer in time or failed.</exception>
    Task<bool?> IsExcludedAsync(string normalizedCpf, CancellationToken cancellationToken);
}
