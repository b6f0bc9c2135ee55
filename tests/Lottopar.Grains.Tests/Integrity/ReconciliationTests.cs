using System.Xml.Linq;
using Lottopar.GrainInterfaces.Integrity;
using Lottopar.Grains.Integrity;
using Lottopar.Grains.Integrity.Rules;
using Lottopar.Grains.Tests.Vault;
using Xunit;
using static Lottopar.Grains.Tests.Integrity.Observations;

namespace Lottopar.Grains.Tests.Integrity;

public sealed class ReconciliationTests
{
    private static readonly DateTimeOffset Hour = new(2026, 12, 3, 15, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);
    private static readonly VaultBetReconciliationRule Bets = new();
    private static readonly PrizePaymentDeadlineRule Prizes = new();

    private static ReconciledItem Item(string key, long amount, DateTimeOffset at, string kind = "bet") => new(key, kind, amount, at, "ref-" + key);

    private static IReadOnlyList<ReconciliationDifference> Compare(IReadOnlyList<ReconciledItem> platform, IReadOnlyList<ReconciledItem> vault, TimeSpan? delay = null) =>
        Reconciliation.Compare(new ReconciliationSides("OP", Hour, platform, vault), Tolerance, delay ?? TimeSpan.Zero);

    [Fact]
    public void TheSameThingsOnBothSidesMakeNoDifferenceEvenAcrossTheHoursEdgeWithinTheTolerance()
    {
        var platform = new[] { Item("A", 5_000, Hour.AddMinutes(10)), Item("B", 2_000, Hour.AddMinutes(59).AddSeconds(58)) };
        var vault = new[] { Item("A", 5_000, Hour.AddMinutes(12)), Item("B", 2_000, Hour.AddHours(1).AddSeconds(3)) };

        Assert.Empty(Compare(platform, vault));
    }

    [Fact]
    public void EachKindOfDifferenceIsNamedWithBothSides()
    {
        var platform = new[]
        {
            Item("missing", 1_000, Hour.AddMinutes(1)), Item("amount", 1_000, Hour.AddMinutes(2)), Item("early", 1_000, Hour.AddMinutes(30)), Item("late", 1_000, Hour.AddMinutes(3)),
        };
        var vault = new[]
        {
            Item("amount", 1_500, Hour.AddMinutes(2)), Item("early", 1_000, Hour.AddMinutes(20)), Item("late", 1_000, Hour.AddMinutes(9)), Item("extra", 700, Hour.AddMinutes(40)),
        };

        var differences = Compare(platform, vault).ToDictionary(d => d.Key);

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["amount"] = ReconciliationDifference.AmountDiffers, ["early"] = ReconciliationDifference.TimeDiffers, ["extra"] = ReconciliationDifference.MissingOnPlatform,
                ["late"] = ReconciliationDifference.TimeDiffers, ["missing"] = ReconciliationDifference.MissingInVault,
            },
            differences.ToDictionary(d => d.Key, d => d.Value.Kind));
        Assert.Equal((1_000, 1_500), (differences["amount"].Platform!.Amount, differences["amount"].Vault!.Amount));
        Assert.Null(differences["missing"].Vault);
        Assert.Null(differences["extra"].Platform);
    }

    [Fact]
    public void ThingsOfOtherHoursAreLeftToTheirOwnHour()
    {
        var platform = new[] { Item("before", 1_000, Hour.AddMinutes(-3)), Item("after", 1_000, Hour.AddHours(1).AddMinutes(2)) };

        Assert.Empty(Compare(platform, []));
        Assert.Single(Compare([Item("inside", 1, Hour)], []));
    }

    [Fact]
    public void SeveralItemsOfOneKeyAddUpOnTheirSide()
    {
        var platform = new[] { Item("S", 3_000, Hour.AddMinutes(5)) };
        var vault = new[] { Item("S", 1_000, Hour.AddMinutes(5)), Item("S", 2_000, Hour.AddMinutes(6)) };

        Assert.Empty(Compare(platform, vault));
        var difference = Assert.Single(Compare(platform, [vault[0]]));
        Assert.Equal(ReconciliationDifference.AmountDiffers, difference.Kind);
    }

    [Fact]
    public void WithADelayTheVaultMayComeThatMuchLaterAndNoLater()
    {
        var delay = TimeSpan.FromMinutes(120);
        var result = Hour.AddMinutes(10);

        Assert.Empty(Compare([Item("W", 7_000, result, "win")], [Item("W", 7_000, result.AddMinutes(124), "win")], delay));
        var late = Assert.Single(Compare([Item("W", 7_000, result, "win")], [Item("W", 7_000, result.AddMinutes(126), "win")], delay));
        Assert.Equal(ReconciliationDifference.Late, late.Kind);
        var before = Assert.Single(Compare([Item("W", 7_000, result, "win")], [Item("W", 7_000, result.AddMinutes(-6), "win")], delay));
        Assert.Equal(ReconciliationDifference.TimeDiffers, before.Kind);
    }

    [Fact]
    public void TheWindowsReachTheToleranceAndTheDelayOnTheRightSides()
    {
        var delay = TimeSpan.FromHours(2);

        Assert.Equal((Hour.AddHours(-2).AddMinutes(-5), Hour.AddHours(1).AddMinutes(5)), Reconciliation.PlatformWindow(Hour, Tolerance, delay));
        Assert.Equal((Hour.AddMinutes(-5), Hour.AddHours(3).AddMinutes(5)), Reconciliation.VaultWindow(Hour, Tolerance, delay));
    }

    [Fact]
    public void TheRuleRaisesOneHitWhoseEvidenceShowsEachDifferenceWithBothSides()
    {
        var setting = Setting(Bets, (ReconciliationRule.ToleranceSeconds, 300));
        var sides = new ReconciliationSides("OP", Hour, [Item("A", 5_000, Hour.AddMinutes(10)), Item("B", 1_000, Hour.AddMinutes(11))], [Item("A", 4_000, Hour.AddMinutes(10))]);

        var differences = Bets.Compare(sides, setting);
        var hit = Bets.Evaluate(sides, differences, setting);

        Assert.NotNull(hit);
        Assert.Contains("2 diferença(s) entre a API e o cofre", hit.Summary, StringComparison.Ordinal);
        Assert.Equal(["bet:A:amount_differs", "bet:B:missing_in_vault"], hit.Evidence.Select(e => e.Id));
        Assert.All(hit.Evidence, e => Assert.Equal(AlertEvidence.Reconciliation, e.Kind));
        Assert.Contains("API: R$ 50,00 em 03/12/2026 12:10 (Brasília) (ref-A); cofre: R$ 40,00", hit.Evidence[0].Detail, StringComparison.Ordinal);
        Assert.EndsWith("cofre: ausente", hit.Evidence[1].Detail, StringComparison.Ordinal);
        Assert.Null(Bets.Evaluate(sides, [], setting));
    }

    [Fact]
    public void ThePrizeRuleReadsItsDeadlineAndSaysWhatWasLate()
    {
        var setting = Setting(Prizes, (PrizePaymentDeadlineRule.DeadlineMinutes, 30), (ReconciliationRule.ToleranceSeconds, 0));
        var result = Item("W", 7_000, Hour.AddMinutes(10), "win");
        var sides = new ReconciliationSides("OP", Hour, [result], [Item("W", 7_000, Hour.AddMinutes(41), "win")]);

        Assert.Equal(TimeSpan.FromMinutes(30), Prizes.Delay(setting));
        var hit = Prizes.Evaluate(sides, Prizes.Compare(sides, setting), setting);

        Assert.NotNull(hit);
        Assert.Equal("win:W:late", Assert.Single(hit.Evidence).Id);
        Assert.Contains("prêmio creditado depois do prazo", hit.Evidence[0].Detail, StringComparison.Ordinal);
        Assert.Empty(Prizes.Compare(sides with { Vault = [Item("W", 7_000, Hour.AddMinutes(40), "win")] }, setting));
    }

    [Fact]
    public void TheVaultSideIsEachRecordAsLastCorrectedWithoutTheAnnulledOnes()
    {
        var cpf = VaultFiles.Cpfs[0];
        var kept = Stored(Slip(VaultFiles.Bet("B1", Hour.AddMinutes(1), cpf, 1_000), "S1"));
        var corrected = Stored(Slip(VaultFiles.Bet("B2", Hour.AddMinutes(2), cpf, 1_000), "S2"));
        var annulled = Stored(Slip(VaultFiles.Bet("B3", Hour.AddMinutes(3), cpf, 1_000), "S3"));
        var replacements = new[]
        {
            Stored(VaultFiles.Correction("C1", Hour.AddHours(2), "B2", Slip(VaultFiles.Bet("B2", Hour.AddMinutes(2), cpf, 2_000), "S2"))),
            Stored(VaultFiles.Correction("C2", Hour.AddHours(3), "B2", Slip(VaultFiles.Bet("B2", Hour.AddMinutes(4), cpf, 2_500), "S2"))),
            Stored(VaultFiles.Annulment("A1", Hour.AddHours(2), "B3")),
        };

        var items = VaultSideItems.Resolve(ReconciliationChannel.Bets, [kept, corrected, annulled], replacements);

        Assert.Equal([("S1", 1_000L, Hour.AddMinutes(1)), ("S2", 2_500L, Hour.AddMinutes(4))], items.Select(i => (i.Key, i.Amount, i.At)));
        Assert.Equal(["B1", "B2"], items.Select(i => i.Reference));
    }

    [Fact]
    public void OnlyCompletedPaymentsCountOnTheVaultSideKeyedByEndToEndId()
    {
        var cpf = VaultFiles.Cpfs[0];
        var completed = Stored(VaultFiles.Deposit("D1", Hour.AddMinutes(1), cpf, 10_000));
        var cancelled = VaultFiles.Withdrawal("W1", Hour.AddMinutes(2), cpf);
        cancelled.Elements().Single(e => e.Name.LocalName == "result").Value = "cancelled_by_player";

        var item = Assert.Single(VaultSideItems.Resolve(ReconciliationChannel.Payments, [completed, Stored(cancelled)], []));

        var e2e = XElement.Parse(completed.Xml).Elements().Single(e => e.Name.LocalName == "end_to_end_id").Value;
        Assert.Equal((e2e, "deposit", 10_000L), (item.Key, item.Kind, item.Amount));
    }

    private static XElement Slip(XElement record, string slip)
    {
        record.Elements().Single(e => e.Name.LocalName == "bet_slip_id").Value = slip;
        return record;
    }

    private static StoredVaultRecord Stored(XElement record) =>
        new((string)record.Attribute("id")!, record.Name.LocalName, DateTimeOffset.Parse((string)record.Attribute("at")!, System.Globalization.CultureInfo.InvariantCulture), record.ToString());
}
