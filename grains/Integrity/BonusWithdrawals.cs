using System.Globalization;
using Lottopar.GrainInterfaces.Integrity;

namespace Lottopar.Grains.Integrity;

/// <summary>A player's record at an operator (a bonus, a bet, a withdrawal, a status), as stored in the vault.</summary>
public sealed record PlayerVaultRecord(string Oprid, string Cpf, StoredVaultRecord Record);

/// <summary>
/// Withdrawals soon after a bonus with little wagering in between, pure (rule 4; Lei 14.790 art. 29
/// forbids bonuses, and taking one out as cash is the abuse to look for). Over a player's vault
/// records at one operator, as last corrected: each completed <c>withdrawal</c> in the range, with
/// <c>bonus</c> records (any kind) in the window before it, whose <c>bet</c>
/// amounts from the first of those bonuses until the withdrawal are under the wagering percentage of
/// the bonuses' sum.
/// </summary>
public static class BonusWithdrawals
{
    public static IReadOnlyList<OpenObligation> Flagged(
        IReadOnlyList<PlayerVaultRecord> records, IReadOnlyList<StoredVaultRecord> replacements, DateTimeOffset from, DateTimeOffset to, TimeSpan window, long wageringPercent)
    {
        ArgumentNullException.ThrowIfNull(records);
        var flagged = new List<OpenObligation>();
        var current = VaultCorrections.Resolve(records, r => r.Record, replacements)
            .Select(r => (r.Item.Oprid, r.Item.Cpf, r.Item.Record.RecordId, Type: r.Current.Name.LocalName, r.At,
                Amount: long.Parse(VaultCorrections.Child(r.Current, "amount") ?? "0", CultureInfo.InvariantCulture),
                Completed: VaultCorrections.Child(r.Current, "result") == "completed"))
            .ToList();
        foreach (var player in current.GroupBy(r => (r.Oprid, r.Cpf)))
        {
            var ordered = player.OrderBy(r => r.At).ToList();
            foreach (var withdrawal in ordered.Where(r => r.Type == "withdrawal" && r.Completed && r.At >= from && r.At < to))
            {
                var bonuses = ordered.Where(r => r.Type == "bonus" && r.At >= withdrawal.At - window && r.At <= withdrawal.At).ToList();
                if (bonuses.Count == 0)
                {
                    continue;
                }

                var bonus = bonuses.Sum(b => b.Amount);
                var wagered = ordered.Where(r => r.Type == "bet" && r.At >= bonuses[0].At && r.At <= withdrawal.At).Sum(b => b.Amount);
                if (wagered * 100 < bonus * wageringPercent)
                {
                    flagged.Add(new OpenObligation(player.Key.Oprid, withdrawal.RecordId, withdrawal.At, withdrawal.Amount,
                        $"jogador {Validation.Cpf.Mask(player.Key.Cpf)}: {bonuses.Count} bônus de {Evidence.Money(bonus)} desde {Evidence.Instant(bonuses[0].At)}, " +
                        $"apostas de {Evidence.Money(wagered)} até o saque de {Evidence.Money(withdrawal.Amount)}"));
                }
            }
        }

        return [.. flagged.OrderBy(f => f.Since)];
    }
}
