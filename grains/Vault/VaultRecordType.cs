namespace Lottopar.Grains.Vault;

/// <summary>
/// The record types of the hourly vault file (docs/vault-format.md), in the order records of the
/// same instant must follow: the manual's nine events first, then the daily wallet, corrections
/// and annulments.
/// </summary>
public enum VaultRecordType
{
    Registration,
    RegistrationUpdate,
    SelfExclusion,
    Login,
    Logout,
    Deposit,
    Withdrawal,
    Bet,
    Win,
    Bonus,
    DailyWallet,
    Correction,
    Annulment,
}

/// <summary>The element names of <see cref="VaultRecordType"/> in the file.</summary>
public static class VaultRecordTypes
{
    private static readonly string[] Names =
        ["registration", "registration_update", "self_exclusion", "login", "logout", "deposit", "withdrawal", "bet", "win", "bonus", "daily_wallet", "correction", "annulment"];

    private static readonly Dictionary<string, VaultRecordType> ByName =
        Names.Select((name, i) => (name, type: (VaultRecordType)i)).ToDictionary(p => p.name, p => p.type, StringComparer.Ordinal);

    public static IReadOnlyList<VaultRecordType> All { get; } = Enum.GetValues<VaultRecordType>();

    public static string WireName(this VaultRecordType type) => Names[(int)type];

    public static bool TryParse(string name, out VaultRecordType type) => ByName.TryGetValue(name, out type);

    /// <summary>Whether records of this type carry an <c>amount</c> that the header's totals add up.</summary>
    public static bool HasAmount(this VaultRecordType type) =>
        type is VaultRecordType.Deposit or VaultRecordType.Withdrawal or VaultRecordType.Bet or VaultRecordType.Win or VaultRecordType.Bonus;
}
