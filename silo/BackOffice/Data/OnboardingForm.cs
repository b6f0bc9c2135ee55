using System.Globalization;
using Lottopar.GrainInterfaces.Operators;

namespace Lottopar.Silo.BackOffice.Data;

/// <summary>The onboarding form as typed (dates as dd/mm/aaaa, games separated by commas), turned into a registration for the operator grain's rules.</summary>
public sealed class OnboardingForm
{
    public string? LegalName { get; set; }

    public string? Cnpj { get; set; }

    public string? LicenseNumber { get; set; }

    public string? LicenseType { get; set; }

    public string? AuthorizedGames { get; set; }

    public string? ValidFrom { get; set; }

    public string? ValidUntil { get; set; }

    public string? FullName { get; set; }

    public string? Email { get; set; }

    public string? Landline { get; set; }

    public string? Mobile { get; set; }

    public string? Street { get; set; }

    public string? Number { get; set; }

    public string? Complement { get; set; }

    public string? District { get; set; }

    public string? City { get; set; }

    public string? State { get; set; }

    public string? PostalCode { get; set; }

    /// <summary>The registration, or the dates that are not dates (every other field is the grain's to judge).</summary>
    public (OperatorRegistration? Registration, Dictionary<string, string> Errors) ToRegistration()
    {
        var errors = new Dictionary<string, string>();
        var from = Date(ValidFrom, "license.validFrom", errors);
        var until = Date(ValidUntil, "license.validUntil", errors);
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var games = (AuthorizedGames ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return (new OperatorRegistration(
            LegalName ?? "",
            Cnpj ?? "",
            new License(LicenseNumber ?? "", LicenseType ?? "", games, from, until),
            new ContactPerson(FullName ?? "", Email ?? "", Landline ?? "", Mobile ?? "",
                new PostalAddress(Street ?? "", Number ?? "", Complement, District ?? "", City ?? "", State ?? "", PostalCode ?? ""))), errors);
    }

    private static DateOnly Date(string? text, string field, Dictionary<string, string> errors)
    {
        if (DateOnly.TryParseExact(text?.Trim(), ["dd/MM/yyyy", "d/M/yyyy", "yyyy-MM-dd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        errors[field] = "Data inválida: use dd/mm/aaaa.";
        return default;
    }
}
