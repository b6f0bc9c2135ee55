using System.Globalization;
using System.Xml.Linq;

namespace Lottopar.Grains.Vault;

/// <summary>A daily wallet that does not add up: its record, player, day, the closing balance declared and the one its movements give.</summary>
public sealed record WalletMismatch(string RecordId, string Cpf, string Day, long DeclaredClosing, long ComputedClosing);

/// <summary>
/// The check of docs/vault-format.md 6.9 on each daily_wallet record: closing = opening + deposits −
/// withdrawals − stakes + winnings + bonuses. A difference does not reject the file; it is told to the
/// integrity module.
/// </summary>
public static class VaultWallets
{
    private static readonly XNamespace Ns = VaultFileReader.Namespace;

    /// <summary>The mismatch of a daily_wallet record, null when it adds up (or the record is of another type).</summary>
    public static WalletMismatch? Check(VaultRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Type != VaultRecordType.DailyWallet)
        {
            return null;
        }

        var element = record.Element;
        long Amount(string name) => long.Parse(element.Element(Ns + name)!.Value, CultureInfo.InvariantCulture);
        var computed = checked(Amount("opening_balance") + Amount("deposits") - Amount("withdrawals") - Amount("stakes") + Amount("winnings") + Amount("bonuses"));
        var declared = Amount("closing_balance");
        return computed == declared ? null : new WalletMismatch(record.Id, record.Cpf ?? "", element.Element(Ns + "day")!.Value, declared, computed);
    }
}
