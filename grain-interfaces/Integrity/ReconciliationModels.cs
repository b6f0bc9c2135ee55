namespace Lottopar.GrainInterfaces.Integrity;

/// <summary>
/// One side's record of something: its key (a bet slip, an end-to-end id), what it is (bet, win,
/// deposit, withdrawal), its amount in centavos, when it happened, and where to find it (an event
/// id, a vault record id, a payment id).
/// </summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record ReconciledItem(
    [property: Orleans.Id(0)] string Key,
    [property: Orleans.Id(1)] string Kind,
    [property: Orleans.Id(2)] long Amount,
    [property: Orleans.Id(3)] DateTimeOffset At,
    [property: Orleans.Id(4)] string Reference);

/// <summary>A difference between the platform's side and the vault's for one key, with both sides as they are (null: absent).</summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record ReconciliationDifference(
    [property: Orleans.Id(0)] string Kind,
    [property: Orleans.Id(1)] string Key,
    [property: Orleans.Id(2)] ReconciledItem? Platform,
    [property: Orleans.Id(3)] ReconciledItem? Vault)
{
    public const string MissingInVault = "missing_in_vault";
    public const string MissingOnPlatform = "missing_on_platform";
    public const string AmountDiffers = "amount_differs";
    public const string TimeDiffers = "time_differs";
    public const string Late = "late";
}

/// <summary>
/// An operator's hour reconciled by a rule (the version in force): what each side holds and how they
/// differ. Published on the "integrity" stream; the table integrity_reconciliations keeps the latest
/// run of each operator, hour and rule.
/// </summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record HourReconciled(
    [property: Orleans.Id(0)] string Oprid,
    [property: Orleans.Id(1)] DateTimeOffset Hour,
    [property: Orleans.Id(2)] string RuleId,
    [property: Orleans.Id(3)] int RuleVersion,
    [property: Orleans.Id(4)] int PlatformCount,
    [property: Orleans.Id(5)] long PlatformTotal,
    [property: Orleans.Id(6)] int VaultCount,
    [property: Orleans.Id(7)] long VaultTotal,
    [property: Orleans.Id(8)] IReadOnlyList<ReconciliationDifference> Differences,
    [property: Orleans.Id(9)] DateTimeOffset At);

/// <summary>
/// An operator's reconciliations between the platform and its vault (key: OPRID): each hour the
/// vault accepts is compared, once its files and the platform's side are complete, by every
/// reconciliation rule in force.
/// </summary>
public interface IVaultReconciliationGrain : Orleans.IGrainWithStringKey
{
    /// <summary>The vault accepted a file of this hour: the hour (and the ones it completes) will be reconciled when due.</summary>
    Task HourFiledAsync(DateTimeOffset hour);

    /// <summary>The hours waiting to be reconciled, and by which rules.</summary>
    Task<IReadOnlyDictionary<DateTimeOffset, IReadOnlyList<string>>> PendingAsync();
}
