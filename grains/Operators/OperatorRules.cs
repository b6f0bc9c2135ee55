using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Operators;
using Lottopar.Grains.Validation;

namespace Lottopar.Grains.Operators;

/// <summary>
/// The rules of operator registration data: each field checked and normalised (CNPJ without
/// punctuation, e-mail in lower case, phones in E.164, CEP as 8 digits). Every failing field is
/// named in one <see cref="DomainValidationException"/>.
/// </summary>
public static class OperatorRules
{
    public const int MaxNameLength = 200;

    private static readonly HashSet<string> States =
    [
        "AC", "AL", "AP", "AM", "BA", "CE", "DF", "ES", "GO", "MA", "MT", "MS", "MG", "PA",
        "PB", "PR", "PE", "PI", "RJ", "RN", "RS", "RO", "RR", "SC", "SP", "SE", "TO",
    ];

    public static OperatorRegistration Normalize(OperatorRegistration? registration, DateTimeOffset now)
    {
        var errors = new ValidationErrors();
        if (registration is null)
        {
            errors.Add("body", "The registration is required.");
            errors.ThrowIfAny();
        }

        var legalName = Text(registration!.LegalName, "legalName", MaxNameLength, errors);
        var cnpj = errors.Require(Cnpj.TryNormalize(registration.Cnpj, out var normalizedCnpj), "cnpj", "Not a valid CNPJ (check digits).") ? normalizedCnpj : "";
        var license = License(registration.License, "license", now, errors);
        var contact = Contact(registration.Contact, "contact", errors);
        errors.ThrowIfAny();
        return new OperatorRegistration(legalName, cnpj, license!, contact!);
    }

    public static License NormalizeLicense(License? license, DateTimeOffset now)
    {
        var errors = new ValidationErrors();
        var normalized = License(license, "license", now, errors);
        errors.ThrowIfAny();
        return normalized!;
    }

    public static ContactPerson NormalizeContact(ContactPerson? contact)
    {
        var errors = new ValidationErrors();
        var normalized = Contact(contact, "contact", errors);
        errors.ThrowIfAny();
        return normalized!;
    }

    public static string Reason(string? reason)
    {
        var errors = new ValidationErrors();
        var text = Text(reason, "reason", 500, errors);
        errors.ThrowIfAny();
        return text;
    }

    private static License? License(License? license, string field, DateTimeOffset now, ValidationErrors errors)
    {
        if (!errors.Require(license is not null, field, "The license is required."))
        {
            return null;
        }

        var number = Text(license!.Number, $"{field}.number", 50, errors).ToUpperInvariant();
        var type = Text(license.Type, $"{field}.type", 100, errors);
        var games = (license.AuthorizedGames ?? []).Select(g => g?.Trim() ?? "").ToList();
        errors.Require(games.Count is > 0 and <= 50 && games.All(g => g.Length is > 0 and <= 100), $"{field}.authorizedGames",
            "List between 1 and 50 authorized games, each a name of up to 100 characters.");
        if (errors.Require(license.ValidFrom <= license.ValidUntil, $"{field}.validUntil", "Must not be before validFrom."))
        {
            errors.Require(license.ValidUntil >= LicenseCalendar.Today(now), $"{field}.validUntil", "The license has already expired.");
        }

        return new License(number, type, games, license.ValidFrom, license.ValidUntil);
    }

    private static ContactPerson? Contact(ContactPerson? contact, string field, ValidationErrors errors)
    {
        if (!errors.Require(contact is not null, field, "The contact person is required."))
        {
            return null;
        }

        var fullName = Text(contact!.FullName, $"{field}.fullName", MaxNameLength, errors);
        var email = errors.Require(EmailAddress.TryNormalize(contact.Email, out var e), $"{field}.email", "Not a valid e-mail address.") ? e : "";
        var landline = errors.Require(BrazilianPhone.TryNormalize(contact.Landline, PhoneKind.Landline, out var l), $"{field}.landline",
            "Not a Brazilian landline number (area code and 8 digits).") ? l : "";
        var mobile = errors.Require(BrazilianPhone.TryNormalize(contact.Mobile, PhoneKind.Mobile, out var m), $"{field}.mobile",
            "Not a Brazilian mobile number (area code and 9 digits starting with 9).") ? m : "";
        var address = Address(contact.Address, $"{field}.address", errors);
        return new ContactPerson(fullName, email, landline, mobile, address!);
    }

    private static PostalAddress? Address(PostalAddress? address, string field, ValidationErrors errors)
    {
        if (!errors.Require(address is not null, field, "The address is required."))
        {
            return null;
        }

        var state = (address!.State ?? "").Trim().ToUpperInvariant();
        errors.Require(States.Contains(state), $"{field}.state", "Not a Brazilian state (UF), e.g. PR.");
        var postalCode = new string((address.PostalCode ?? "").Where(char.IsAsciiDigit).ToArray());
        errors.Require(postalCode.Length == 8 && (address.PostalCode ?? "").All(c => char.IsAsciiDigit(c) || c is '-' or '.' or ' '),
            $"{field}.postalCode", "A CEP has 8 digits, e.g. 80010-000.");
        var complement = string.IsNullOrWhiteSpace(address.Complement) ? null : address.Complement.Trim();
        return new PostalAddress(
            Text(address.Street, $"{field}.street", 200, errors),
            Text(address.Number, $"{field}.number", 20, errors),
            complement,
            Text(address.District, $"{field}.district", 100, errors),
            Text(address.City, $"{field}.city", 100, errors),
            state,
            postalCode);
    }

    private static string Text(string? value, string field, int maxLength, ValidationErrors errors)
    {
        var text = value?.Trim() ?? "";
        errors.Require(text.Length is > 0 && text.Length <= maxLength, field, $"Required, at most {maxLength} characters.");
        return text;
    }

    /// <summary>
    /// Whether the operator may use the platform in <paramref name="environment"/> at
    /// <paramref name="now"/>. The license's dates are checked here, on every request, so access
    /// ends with the license even before the expiry reminder has suspended the operator.
    /// </summary>
    public static OperatorAccess Access(string oprid, OperatorStatus status, License license, string lastReason, DeploymentEnvironment environment, DateTimeOffset now) =>
        status switch
        {
            OperatorStatus.Revoked => OperatorAccess.Refused("operator_revoked", $"Operator {oprid} is revoked: {lastReason}"),
            OperatorStatus.Suspended => OperatorAccess.Refused("operator_suspended", $"Operator {oprid} is suspended: {lastReason}"),
            OperatorStatus.Pending when environment == DeploymentEnvironment.Production =>
                OperatorAccess.Refused("operator_pending", $"Operator {oprid} is not activated yet; until then it may use the homologation environment only."),
            _ when now < LicenseCalendar.ValidFromInstant(license) =>
                OperatorAccess.Refused("license_not_yet_valid", $"License {license.Number} is valid from {license.ValidFrom:yyyy-MM-dd}."),
            _ when now >= LicenseCalendar.ExpiryInstant(license) =>
                OperatorAccess.Refused("license_expired", $"License {license.Number} expired on {license.ValidUntil:yyyy-MM-dd}."),
            _ => OperatorAccess.Granted,
        };
}
