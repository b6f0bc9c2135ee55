using Lottopar.GrainInterfaces.Common;

namespace Lottopar.GrainInterfaces.Operators;

/// <summary>
/// An operator (licensed fixed-odds betting company), keyed by its OPRID: its registration,
/// license, contact and status history. Registration data unique per operator (CNPJ, license
/// number, contact e-mail and mobile) is claimed in PostgreSQL with each write. Its lottery
/// provider data and vault credentials live in <see cref="ILotteryProviderGrain"/> and
/// <see cref="IVaultCredentialsGrain"/> under the same OPRID.
/// </summary>
public interface IOperatorGrain : Orleans.IGrainWithStringKey
{
    /// <summary>Onboards the operator under this (newly issued) OPRID, in status pending.</summary>
    /// <exception cref="DomainValidationException">A field is invalid.</exception>
    /// <exception cref="DomainConflictException">A unique field is already registered to another operator, or this OPRID is taken.</exception>
    Task<OperatorView> RegisterAsync(OperatorRegistration registration, Actor actor);

    /// <summary>The operator, or <see cref="DomainNotFoundException"/>.</summary>
    Task<OperatorView> GetAsync();

    /// <summary>Whether the operator may use the platform in this environment now.</summary>
    Task<OperatorAccess> GetAccessAsync(DeploymentEnvironment environment);

    Task<OperatorView> UpdateContactAsync(ContactPerson contact, Actor actor);

    /// <summary>Replaces the license; expiry reminders follow the new dates.</summary>
    Task<OperatorView> UpdateLicenseAsync(License license, Actor actor);

    /// <summary>Moves the operator to another status, with the reason recorded.</summary>
    Task<OperatorView> ChangeStatusAsync(OperatorStatus status, string reason, Actor actor);
}
