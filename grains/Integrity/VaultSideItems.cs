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
        var latest = new Dictionary<string, XElement?>(StringComparer.Ordinal);
        foreach (var replacement in replacements)
        {
            var element = XElement.Parse(replacement.Xml);
            var named = Child(element, replacement.Type == VaultRecordType.Correction.WireName() ? "corrects" : "annuls");
            if (named is not null)
            {
                latest[named] = replacement.Type == VaultRecordType.Correction.WireName() ? element.Elements().LastOrDefault() : null;
            }
        }

        var items = new List<ReconciledItem>();
        foreach (var original in originals)
        {
            var element = latest.TryGetValue(original.RecordId, out var replaced) ? replaced : XElement.Parse(original.Xml);
            if (element is null || !types.Contains(element.Name.LocalName))
            {
                continue;
            }

            var at = (string?)element.Attribute("at") is { } written ? DateTimeOffset.Parse(written, CultureInfo.InvariantCulture) : original.At;
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

    private static string? Child(XElement parent, string localName) =>
        parent.Elements().FirstOrDefault(e => e.Name.LocalName == localName)?.Value.Trim();
}
