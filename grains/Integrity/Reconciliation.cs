using Lottopar.GrainInterfaces.Integrity;

namespace Lottopar.Grains.Integrity;

/// <summary>What a reconciliation compares between the platform and an operator's vault files.</summary>
public enum ReconciliationChannel
{
    /// <summary>The API's new_bet events against the vault's bet records, by bet slip.</summary>
    Bets,

    /// <summary>The API's results with winnings against the vault's win records (the prize credited), by bet slip.</summary>
    Wins,

    /// <summary>The PIX the platform settled through the PSP against the vault's completed deposits and withdrawals, by end-to-end id.</summary>
    Payments,
}

/// <summary>Both sides of an operator's hour as read for one channel: the platform's (the API's events, the PSP's payments) and the vault's.</summary>
public sealed record ReconciliationSides(string Oprid, DateTimeOffset Hour, IReadOnlyList<ReconciledItem> Platform, IReadOnlyList<ReconciledItem> Vault);

/// <summary>
/// The comparison of an hour, pure. Items are matched by key; several items of one key on one side
/// add up (their earliest instant stands for them). A key belongs to the hour when an item of it on
/// either side falls in the hour; items outside the hour are read only to match across its edges.
/// The vault's side may come up to <c>delay</c> after the platform's (a prize is credited after the
/// result); beyond it, it is late; before the platform's by more than the tolerance, its time differs.
/// </summary>
public static class Reconciliation
{
    public static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    /// <summary>The start of the UTC hour an instant falls in (the vault's hours are whole UTC hours).</summary>
    public static DateTimeOffset HourOf(DateTimeOffset at) => new(at.UtcTicks - (at.UtcTicks % Hour.Ticks), TimeSpan.Zero);

    /// <summary>What to read of each side for an hour: the platform's items from <c>delay</c> before it, the vault's until <c>delay</c> after it, both with the tolerance around.</summary>
    public static (DateTimeOffset From, DateTimeOffset To) PlatformWindow(DateTimeOffset hour, TimeSpan tolerance, TimeSpan delay) =>
        (hour - delay - tolerance, hour + Hour + tolerance);

    public static (DateTimeOffset From, DateTimeOffset To) VaultWindow(DateTimeOffset hour, TimeSpan tolerance, TimeSpan delay) =>
        (hour - tolerance, hour + Hour + delay + tolerance);

    public static IReadOnlyList<ReconciliationDifference> Compare(ReconciliationSides sides, TimeSpan tolerance, TimeSpan delay)
    {
        ArgumentNullException.ThrowIfNull(sides);
        var platform = Merge(sides.Platform);
        var vault = Merge(sides.Vault);
        bool InHour(ReconciledItem? item) => item is not null && item.At >= sides.Hour && item.At < sides.Hour + Hour;

        var differences = new List<ReconciliationDifference>();
        foreach (var key in platform.Keys.Union(vault.Keys).Order(StringComparer.Ordinal))
        {
            var ours = platform.GetValueOrDefault(key);
            var theirs = vault.GetValueOrDefault(key);
            if (!InHour(ours) && !InHour(theirs))
            {
                continue;
            }

            var kind = (ours, theirs) switch
            {
                (not null, null) => ReconciliationDifference.MissingInVault,
                (null, not null) => ReconciliationDifference.MissingOnPlatform,
                var (p, v) when p!.Amount != v!.Amount => ReconciliationDifference.AmountDiffers,
                var (p, v) when v!.At > p!.At + delay + tolerance => delay > TimeSpan.Zero ? ReconciliationDifference.Late : ReconciliationDifference.TimeDiffers,
                var (p, v) when v!.At < p!.At - tolerance => ReconciliationDifference.TimeDiffers,
                _ => null,
            };
            if (kind is not null)
            {
                differences.Add(new ReconciliationDifference(kind, key, ours, theirs));
            }
        }

        return differences;
    }

    private static Dictionary<string, ReconciledItem> Merge(IReadOnlyList<ReconciledItem> items) =>
        items.GroupBy(i => i.Key, StringComparer.Ordinal).ToDictionary(
            g => g.Key,
            g =>
            {
                var first = g.MinBy(i => i.At)!;
                return first with { Amount = g.Sum(i => i.Amount), Reference = string.Join(", ", g.OrderBy(i => i.At).Select(i => i.Reference)) };
            },
            StringComparer.Ordinal);
}
