namespace Lottopar.GrainInterfaces.CpfChecks;

/// <summary>A CPF's status at the Receita Federal. On the wire: regular, suspended, cancelled, pending_regularisation, null, deceased.</summary>
[Orleans.GenerateSerializer]
public enum TaxStatus
{
    Regular,
    Suspended,
    Cancelled,
    PendingRegularisation,
    Null,
    Deceased,
}

/// <summary>What the tax registry says about a CPF: the holder's name, the status, the birth date.</summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record TaxRegistryEntry(
    [property: Orleans.Id(0)] string Name,
    [property: Orleans.Id(1)] TaxStatus Status,
    [property: Orleans.Id(2)] DateOnly BirthDate);

/// <summary>One reason a CPF may not bet: a stable code for machines and a sentence for people.</summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record CpfRefusal(
    [property: Orleans.Id(0)] string Code,
    [property: Orleans.Id(1)] string Message);

/// <summary>
/// The answer about a CPF: allowed, or every reason against it. It carries no personal data from
/// the registry (name, birth date), so that the check cannot become a CPF lookup service.
/// </summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record CpfCheck(
    [property: Orleans.Id(0)] bool Allowed,
    [property: Orleans.Id(1)] IReadOnlyList<CpfRefusal> Reasons,
    [property: Orleans.Id(2)] DateTimeOffset CheckedAt);

/// <summary>The reason codes of <see cref="CpfCheck"/>, as operators' systems see them (docs/integracao-cpf.md).</summary>
public static class CpfRefusalCodes
{
    public const string InvalidCheckDigits = "invalid_check_digits";
    public const string NotInTaxRegistry = "not_in_tax_registry";
    public const string TaxStatusSuspended = "tax_status_suspended";
    public const string TaxStatusCancelled = "tax_status_cancelled";
    public const string TaxStatusPendingRegularisation = "tax_status_pending_regularisation";
    public const string TaxStatusNull = "tax_status_null";
    public const string HolderDeceased = "holder_deceased";
    public const string Underage = "underage";
    public const string SelfExcludedAtOperator = "self_excluded";
    public const string SelfExcludedAtLottopar = "self_excluded_lottopar";
    public const string SelfExcludedNationally = "self_excluded_national";

    /// <summary>"barred_" and the category's wire name (<see cref="BarredCategories"/>).</summary>
    public static string Barred(BarredCategory category) => "barred_" + category.WireName();
}
