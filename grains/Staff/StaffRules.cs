using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Staff;
using Lottopar.Grains.Validation;

namespace Lottopar.Grains.Staff;

/// <summary>Who may hold which roles, and what a password must be.</summary>
public static class StaffRules
{
    /// <summary>
    /// An account holds LOTTOPAR roles (and no OPRID) or operator roles (and exactly one OPRID),
    /// never both. Returns the draft normalised.
    /// </summary>
    /// <param name="isThisAccount">Whether a normalised e-mail is the one of the account being created.</param>
    public static StaffUserDraft Normalize(StaffUserDraft? draft, Func<string, bool> isThisAccount)
    {
        var errors = new ValidationErrors();
        if (draft is null)
        {
            throw DomainValidationException.For("body", "The account is required.");
        }

        if (errors.Require(EmailAddress.TryNormalize(draft.Email, out var email), "email", "Not a valid e-mail address."))
        {
            errors.Require(isThisAccount(email), "email", "The e-mail does not match the account.");
        }

        var fullName = draft.FullName?.Trim() ?? "";
        errors.Require(fullName.Length is > 0 and <= 200, "fullName", "Required, at most 200 characters.");
        string? mobile = null;
        if (!string.IsNullOrWhiteSpace(draft.Mobile)
            && errors.Require(BrazilianPhone.TryNormalize(draft.Mobile, PhoneKind.Mobile, out var e164), "mobile", "Not a Brazilian mobile number."))
        {
            mobile = e164;
        }

        string? cpf = null;
        if (!string.IsNullOrWhiteSpace(draft.Cpf) && errors.Require(Cpf.TryNormalize(draft.Cpf, out var digits), "cpf", "A valid CPF (11 digits with their check digits)."))
        {
            cpf = digits;
        }

        var roles = (draft.Roles ?? []).Distinct().ToList();
        var parsed = roles.Select(r => StaffRoles.TryParse(r, out var role) ? role : (StaffRole?)null).ToList();
        var oprid = string.IsNullOrWhiteSpace(draft.Oprid) ? null : draft.Oprid.Trim();
        if (errors.Require(roles.Count > 0 && parsed.All(r => r is not null), "roles", $"One or more of: {string.Join(", ", StaffRoles.All)}."))
        {
            var operatorRoles = parsed.Count(r => r!.Value.IsOperatorRole());
            if (errors.Require(operatorRoles == 0 || operatorRoles == parsed.Count, "roles", "Do not mix LOTTOPAR and operator roles in one account."))
            {
                errors.Require(operatorRoles == 0 ? oprid is null : oprid is not null, "oprid",
                    operatorRoles == 0 ? "LOTTOPAR staff are not bound to an operator." : "Operator staff are bound to one operator: give its OPRID.");
            }
        }

        errors.ThrowIfAny();
        return new StaffUserDraft(email, fullName, mobile, roles, oprid, cpf);
    }

    public static void RequireStrongPassword(string? password, string email, int minimumLength)
    {
        var value = password ?? "";
        var errors = new ValidationErrors();
        errors.Require(value.Length >= minimumLength, "password", $"At least {minimumLength} characters.");
        errors.Require(value.Length <= 256, "password", "At most 256 characters.");
        errors.Require(!value.Contains(email.Split('@')[0], StringComparison.OrdinalIgnoreCase), "password", "Must not contain your e-mail name.");
        errors.Require(value.Distinct().Count() >= 5, "password", "Use at least 5 different characters.");
        errors.ThrowIfAny();
    }
}
