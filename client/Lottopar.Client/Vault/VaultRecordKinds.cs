namespace Lottopar.Client.Vault;

/// <summary>
/// The 13 record types of the hourly file by their wire names (docs/vault-format.md, sections 3 and 5),
/// in the order that breaks ties between records of the same instant and that the header's totals follow.
/// </summary>
public static class VaultRecordKinds
{
    public static IReadOnlyList<string> All { get; } =
        ["registration", "registration_update", "self_exclusion", "login", "logout", "deposit", "withdrawal", "bet", "win", "bonus", "daily_wallet", "correction", "annulment"];

    private static readonly Dictionary<string, int> Ranks =
        All.Select((name, rank) => (name, rank)).ToDictionary(p => p.name, p => p.rank, StringComparer.Ordinal);

    /// <summary>The position of <paramref name="type"/> in section 5's table (0 for registration), or -1 for an unknown name.</summary>
    public static int Rank(string type) => Ranks.GetValueOrDefault(type, -1);

    /// <summary>Whether records of this type carry an <c>amount</c> that the header's totals add up.</summary>
    public static bool HasAmount(string type) => type is "deposit" or "withdrawal" or "bet" or "win" or "bonus";
}
