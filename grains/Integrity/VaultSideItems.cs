using System.Globalization;
using System.Xml.Linq;
using Lottopar.GrainInterfaces.Integrity;
using Lottopar.Grains.Vault;

namespace Lottopar.Grains.Integrity;

/// <summary>A stored vault record as the reconciliation reads it: its id, type (wire name), time and XML.</summary>
public sealed record StoredVaultRecord(string RecordId, string Type, DateTimeOffset At, string Xml);

/// <summary>
/// The vault's side of a reconciliation, pure: each record of the channel as the operator last left
/// it (docs/vault-format.md, section 7: the latest correction replaces it whole, an annulment takes
/// it out), keyed like the platform's side: bets and wins by bet_slip_id, deposits and withdrawals
/// (completed ones only: no money moved otherwise) by end_to_end_id.
/// </summary>
public static class VaultSideItems
{
    public static IReadOnlyList<string> TypesOf(ReconciliationChannel channel) => channel switch
    {
        ReconciliationChannel.Bets => [VaultRecordType.Bet.WireName()],
        ReconciliationChannel.Wins => [VaultRecordType.Win.WireName()],
        _ => [VaultRecordType.Deposit.WireName(), VaultRecordType.Withdrawal.WireName()],
    };

    /// <param name="originals">The records of the channel's types in the window.</param>
    /// <param name="replacements">The corrections and annulments naming any of them, oldest first.</param>
    public static IReadOnlyList<ReconciledItem> Resolve(ReconciliationChannel channel, IReadOnlyList<StoredVaultRecord> originals, IReadOnlyList<StoredVaultRecord> replacements)
    {
        var types = TypesOf(channel);
        var items = new List<ReconciledItem>();
        foreach (var (original, element, at) in VaultCorrections.Resolve(originals, r => r, replacements))
        {
            if (!types.Contains(element.Name.LocalName))
            {
                continue;
            }

            if (channel == ReconciliationChannel.Payments)
            {
                if (Child(element, "result") != "completed")
                {
                    continue;
                }

                var key = Child(element, "end_to_end_id") ?? "txid:" + Child(element, "txid");
                items.Add(new ReconciledItem(key, element.Name.LocalName, Amount(element), at, original.RecordId));
            }
            else
            {
                items.Add(new ReconciledItem(Child(element, "bet_slip_id") ?? "", element.Name.LocalName, Amount(element), at, original.RecordId));
            }
        }

        return items;
    }

    private static long Amount(XElement record) => long.Parse(Child(record, "amount") ?? "0", CultureInfo.InvariantCulture);

    private static string? Child(XElement parent, string localName) => VaultCorrections.Child(parent, localName);
}

/// <summary>
/// A stored record as the operator last left it (docs/vault-format.md, section 7): the latest
/// correction replaces it whole, an annulment takes it out. Pure; shared by every reader of the vault's records.
/// </summary>
public static class VaultCorrections
{
    /// <summary>Each item's record as last left, the annulled ones left out: the item, its current element and the instant that element names.</summary>
    /// <param name="replacements">The corrections and annulments naming any of the records, oldest first.</param>
    public static IEnumerable<(T Item, XElement Current, DateTimeOffset At)> Resolve<T>(
        IEnumerable<T> items, Func<T, StoredVaultRecord> recordOf, IReadOnlyList<StoredVaultRecord> replacements)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(recordOf);
        var latest = Latest(replacements);
        foreach (var item in items)
        {
            var original = recordOf(item);
            var element = latest.TryGetValue(original.RecordId, out var replaced) ? replaced : XElement.Parse(original.Xml);
            if (element is not null)
            {
                yield return (item, element, (string?)element.Attribute("at") is { } written ? DateTimeOffset.Parse(written, CultureInfo.InvariantCulture) : original.At);
            }
        }
    }

    /// <summary>Per record id named by a correction or an annulment (oldest first), its replacement: the corrected record, or null when annulled.</summary>
    private static Dictionary<string, XElement?> Latest(IReadOnlyList<StoredVaultRecord> replacements)
    {
        ArgumentNullException.ThrowIfNull(replacements);
        var latest = new Dictionary<string, XElement?>(StringComparer.Ordinal);
        foreach (var replacement in replacements)
        {
            var element = XElement.Parse(replacement.Xml);
            var correction = replacement.Type == VaultRecordType.Correction.WireName();
            if (Child(element, correction ? "corrects" : "annuls") is { } named)
            {
                latest[named] = correction ? element.Elements().LastOrDefault() : null;
            }
        }

        return latest;
    }

    public static string? Child(XElement parent, string localName)
    {
        ArgumentNullException.ThrowIfNull(parent);
        return parent.Elements().FirstOrDefault(e => e.Name.LocalName == localName)?.Value.Trim();
    }
}
