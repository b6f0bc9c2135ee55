using Lottopar.GrainInterfaces.Common;

namespace Lottopar.GrainInterfaces.CpfChecks;

/// <summary>
/// LOTTOPAR's lists for one CPF (bars under Lei 14.790/2023 art. 26, LOTTOPAR's own
/// self-exclusions), keyed like the player (<see cref="PersonalGrainKeys.Player"/>). Every change
/// is audited and makes the player's cached CPF check stale.
/// </summary>
public interface ICpfRestrictionsGrain : Orleans.IGrainWithStringKey
{
    /// <summary>Every entry, removed ones included, oldest first.</summary>
    /// <param name="cpf">The normalised CPF, whose key this grain has.</param>
    Task<IReadOnlyList<CpfRestriction>> GetAsync(string cpf);

    Task<CpfRestriction> AddAsync(string cpf, CpfRestrictionRequest request, Actor actor);

    /// <summary>Ends an entry (kept, marked removed). 404 for an unknown id, 409 when already removed.</summary>
    Task<CpfRestriction> RemoveAsync(string cpf, Guid id, string reason, Actor actor);
}
