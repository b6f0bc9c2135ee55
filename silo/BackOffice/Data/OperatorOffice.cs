using System.Security.Claims;
using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Credentials;
using Lottopar.GrainInterfaces.Operators;
using Lottopar.GrainInterfaces.Staff;
using Lottopar.Grains.Operators;
using Lottopar.Grains.Validation;
using Lottopar.Silo.Apis;
using Lottopar.Silo.Apis.Admin;
using Lottopar.Silo.BackOffice.Security;
using Lottopar.Silo.Security;

namespace Lottopar.Silo.BackOffice.Data;

/// <summary>
/// The operators' pages: the list with its search, the onboarding form, an operator's page and its
/// API keys. The same grains and rules as the admin API; reads confined to the user's scope.
/// </summary>
public sealed class OperatorOffice(ReadModels readModels, Orleans.IGrainFactory grains)
{
    /// <summary>The operators in scope whose OPRID, name, CNPJ or license number contains <paramref name="search"/>, by OPRID.</summary>
    public async Task<IReadOnlyList<OperatorSummary>> ListAsync(OfficeScope scope, string? search, OperatorStatus? status, CancellationToken cancellationToken)
    {
        var term = search?.Trim() ?? "";
        var digits = new string(term.Where(char.IsAsciiDigit).ToArray());
        return [.. (await readModels.OperatorsAsync(status, cancellationToken)).Where(o => scope.Includes(o.Oprid) && (term.Length == 0
            || o.Oprid.Contains(term, StringComparison.OrdinalIgnoreCase)
            || o.LegalName.Contains(term, StringComparison.OrdinalIgnoreCase)
            || o.LicenseNumber.Contains(term, StringComparison.OrdinalIgnoreCase)
            || (digits.Length >= 4 && o.Cnpj.Contains(digits, StringComparison.Ordinal))))];
    }

    /// <summary>An operator's page, or null when there is none in scope (another operator's is "none").</summary>
    public async Task<OperatorDetails?> GetAsync(OfficeScope scope, string oprid)
    {
        if (!scope.Includes(oprid) || string.IsNullOrWhiteSpace(oprid))
        {
            return null;
        }

        try
        {
            return (await OperatorsAdminApi.GetOperator(oprid, grains)).Value;
        }
        catch (DomainNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Onboards an operator (LOTTOPAR admins): its OPRID is issued here, as by POST /admin/operators.</summary>
    public async Task<OperatorView> RegisterAsync(OperatorRegistration registration, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        (await OperatorsAdminApi.RegisterOperator(registration, readModels, grains, Admin(user), cancellationToken)).Value!;

    /// <summary>Issues a key (LOTTOPAR admins); its secret is in the answer only, shown once.</summary>
    public Task<IssuedApiKey> IssueKeyAsync(string oprid, DeploymentEnvironment environment, IReadOnlyList<string> scopes, ClaimsPrincipal user) =>
        grains.Keyed<IApiCredentialsGrain>(oprid).CreateAsync(environment, scopes, Admin(user).ToActor());

    public Task<ApiKeyView> RevokeKeyAsync(string oprid, string keyId, ClaimsPrincipal user) => grains.Keyed<IApiCredentialsGrain>(oprid).RevokeAsync(keyId, Admin(user).ToActor());

    /// <summary>The pages show these actions to LOTTOPAR admins only; the service refuses them to anyone else all the same.</summary>
    private static ClaimsPrincipal Admin(ClaimsPrincipal user) => user.IsInRole(StaffRoles.WireName(StaffRole.LottoparAdmin))
        ? user
        : throw new UnauthorizedAccessException("Only LOTTOPAR admins change operators.");

    /// <summary>
    /// For the form, as the user types: the OPRID already holding this value of a unique field (CNPJ,
    /// license number, contact e-mail or mobile), or null. The value is normalised as registration
    /// normalises it; a value that does not normalise is the field's own error, not a clash.
    /// </summary>
    public async Task<string?> HolderOfAsync(UniqueOperatorField field, string? value, CancellationToken cancellationToken)
    {
        var (scope, normalized) = field switch
        {
            UniqueOperatorField.Cnpj => (OperatorUniqueKeys.Cnpj, Cnpj.TryNormalize(value, out var cnpj) ? cnpj : null),
            UniqueOperatorField.LicenseNumber => (OperatorUniqueKeys.LicenseNumber, string.IsNullOrWhiteSpace(value) ? null : value.Trim().ToUpperInvariant()),
            UniqueOperatorField.ContactEmail => (OperatorUniqueKeys.ContactEmail, EmailAddress.TryNormalize(value, out var email) ? email : null),
            _ => (OperatorUniqueKeys.ContactMobile, BrazilianPhone.TryNormalize(value, PhoneKind.Mobile, out var mobile) ? mobile : null),
        };
        return normalized is null ? null : await readModels.UniqueValueHolderAsync(scope, normalized, cancellationToken);
    }
}

public enum UniqueOperatorField
{
    Cnpj,
    LicenseNumber,
    ContactEmail,
    ContactMobile,
}
