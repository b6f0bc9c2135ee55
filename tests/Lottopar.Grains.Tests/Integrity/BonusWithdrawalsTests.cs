using System.Globalization;
using System.Xml.Linq;
using Lottopar.GrainInterfaces.Integrity;
using Lottopar.Grains.Integrity;
using Lottopar.Grains.Integrity.Rules;
using Lottopar.Grains.Tests.Vault;
using Xunit;
using static Lottopar.Grains.Tests.Integrity.Observations;

namespace Lottopar.Grains.Tests.Integrity;

public sealed class BonusWithdrawalsTests
{
    private static readonly DateTimeOffset Credit = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset From = Credit.AddDays(-1);
    private static readonly DateTimeOffset To = Credit.AddDays(7);
    private static readonly TimeSpan Window = TimeSpan.FromHours(72);
    private static readonly string Cpf = VaultFiles.Cpfs[0];

    [Fact]
    public void AWithdrawalSoonAfterABonusWithLittleWageringIsFlaggedWithWhatWasWageredAndWithEnoughWageringItIsNot()
    {
        var records = new[] { Bonus("B1", Credit, 10_000), Bet("T1", Credit.AddHours(1), 4_000), Withdrawal("W1", Credit.AddHours(2), 15_000) };

        var flagged = Assert.Single(BonusWithdrawals.Flagged(records, [], From, To, Window, 100));
        Assert.Equal(("OPR-1", "W1", Credit.AddHours(2), 15_000L), (flagged.Oprid, flagged.Key, flagged.Since, flagged.Amount));
        Assert.Equal($"jogador {Lottopar.Grains.Validation.Cpf.Mask(Cpf)}: 1 bônus de R$ 100,00 desde 30/11/2026 09:00 (Brasília), apostas de R$ 40,00 até o saque de R$ 150,00", flagged.Detail);

        Assert.Empty(BonusWithdrawals.Flagged([.. records, Bet("T2", Credit.AddHours(1).AddMinutes(30), 6_000)], [], From, To, Window, 100));
        Assert.Empty(BonusWithdrawals.Flagged(records, [], From, To, Window, 40)); // 40% of the bonus was wagered
    }

    [Fact]
    public void ABonusOutsideTheWindowOrAfterTheWithdrawalOrAtAnotherOperatorDoesNotCount()
    {
        Assert.Empty(BonusWithdrawals.Flagged([Bonus("B1", Credit, 10_000), Withdrawal("W1", Credit.AddHours(73), 15_000)], [], From, To, Window, 100));
        Assert.Empty(BonusWithdrawals.Flagged([Withdrawal("W1", Credit, 15_000), Bonus("B1", Credit.AddHours(1), 10_000)], [], From, To, Window, 100));
        Assert.Empty(BonusWithdrawals.Flagged([Bonus("B1", Credit, 10_000, oprid: "OPR-2"), Withdrawal("W1", Credit.AddHours(1), 15_000)], [], From, To, Window, 100));
    }

    [Fact]
    public void OnlyCompletedWithdrawalsInTheRangeCountAndRecordsAreReadAsLastCorrected()
    {
        var cancelled = Withdrawal("W1", Credit.AddHours(1), 15_000);
        var element = XElement.Parse(cancelled.Record.Xml);
        element.Elements().Single(e => e.Name.LocalName == "result").Value = "cancelled_by_player";
        var notMade = cancelled with { Record = cancelled.Record with { Xml = element.ToString() } };
        Assert.Empty(BonusWithdrawals.Flagged([Bonus("B1", Credit, 10_000), notMade], [], From, To, Window, 100));
        Assert.Empty(BonusWithdrawals.Flagged([Bonus("B1", Credit, 10_000), Withdrawal("W1", To.AddHours(1), 15_000)], [], From, To.AddHours(-100), Window, 100));

        var annulled = new[] { Stored(VaultFiles.Annulment("A1", Credit.AddHours(3), "B1")) };
        Assert.Empty(BonusWithdrawals.Flagged([Bonus("B1", Credit, 10_000), Withdrawal("W1", Credit.AddHours(2), 15_000)], annulled, From, To, Window, 100));
        var smaller = new[] { Stored(VaultFiles.Correction("C1", Credit.AddHours(3), "B1", VaultFiles.Bonus("B1", Credit, Cpf, 1_000))) };
        Assert.Empty(BonusWithdrawals.Flagged([Bonus("B1", Credit, 10_000), Bet("T1", Credit.AddHours(1), 1_000), Withdrawal("W1", Credit.AddHours(2), 15_000)], smaller, From, To, Window, 100));
    }

    [Fact]
    public void TheRuleIsDueAtOnceOverAWeekOfWithdrawalsAndNamesTheWithdrawal()
    {
        var rule = new BonusWithdrawalRule();
        var setting = Setting(rule, (BonusWithdrawalRule.WindowHours, 72), (BonusWithdrawalRule.WageringPercent, 100));
        var now = Credit.AddDays(1);

        Assert.Equal((now.AddDays(-7), now), rule.Window(now, setting));
        Assert.Equal(Credit, rule.DueAt(Credit, setting));
        Assert.Equal(TimeSpan.FromHours(72), BonusWithdrawalRule.Window(setting));
        var evidence = rule.Describe(new OpenObligation("OPR-1", "W1", Credit, 15_000, "jogador x"), Credit);
        Assert.Equal((AlertEvidence.VaultRecord, "W1", "Saque W1 em 30/11/2026 09:00 (Brasília) (jogador x)"), (evidence.Kind, evidence.Id, evidence.Detail));
    }

    private static PlayerVaultRecord Bonus(string id, DateTimeOffset at, long amount, string oprid = "OPR-1") => new(oprid, Cpf, Stored(VaultFiles.Bonus(id, at, Cpf, amount)));

    private static PlayerVaultRecord Bet(string id, DateTimeOffset at, long amount) => new("OPR-1", Cpf, Stored(VaultFiles.Bet(id, at, Cpf, amount)));

    private static PlayerVaultRecord Withdrawal(string id, DateTimeOffset at, long amount) => new("OPR-1", Cpf, Stored(VaultFiles.Withdrawal(id, at, Cpf, amount)));

    private static StoredVaultRecord Stored(XElement record) =>
        new((string)record.Attribute("id")!, record.Name.LocalName, DateTimeOffset.Parse((string)record.Attribute("at")!, CultureInfo.InvariantCulture), record.ToString());
}
