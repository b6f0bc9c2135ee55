using Lottopar.GrainInterfaces.Integrity;
using Lottopar.GrainInterfaces.Payments;
using Lottopar.Grains.Integrity;
using Lottopar.Grains.Integrity.Rules;
using Xunit;
using static Lottopar.Grains.Tests.Integrity.Observations;

namespace Lottopar.Grains.Tests.Integrity;

public sealed class PlayerPaymentRulesTests
{
    private static readonly DepositsAcrossOperatorsRule Deposits = new();
    private static readonly PaidByAnotherRule PaidByAnother = new();

    private static readonly RuleSetting DepositLimits = Setting(Deposits, (DepositsAcrossOperatorsRule.DailyLimit, 10_000), (DepositsAcrossOperatorsRule.MaxOperators, 3));

    private static RuleHit? JudgeLast(PlayerPaymentRule rule, RuleSetting setting, params PaymentObservation[] payments) =>
        rule.Evaluate(payments[^1], WindowsOf(payments), setting);

    private static PaymentObservation[] OneDepositAtEach(params string[] oprids) =>
        [.. oprids.Select((oprid, i) => Deposit(Now.AddMinutes(i), 1_000, oprid))];

    [Fact]
    public void CompletedDepositsAtFourOperatorsOnOneDayAreAHitAcrossOperators()
    {
        var deposits = OneDepositAtEach("OPR001", "OPR002", "OPR003", "OPR004");

        var hit = JudgeLast(Deposits, DepositLimits, deposits);

        Assert.NotNull(hit);
        Assert.True(hit.AcrossOperators);
        Assert.Contains("4 operadores", hit.Summary, StringComparison.Ordinal);
        var evidence = Assert.Single(hit.Evidence);
        Assert.Equal((AlertEvidence.Payment, deposits[^1].PaymentId), (evidence.Kind, evidence.Id));
    }

    [Fact]
    public void DepositsAtThreeOperatorsAreNoHitHoweverManyThereAre() =>
        Assert.Null(JudgeLast(Deposits, DepositLimits, OneDepositAtEach("OPR001", "OPR002", "OPR001", "OPR003", "OPR002", "OPR003")));

    [Fact]
    public void DepositsOverTheDailyLimitAreAHitAtOneOperator()
    {
        var hit = JudgeLast(Deposits, DepositLimits, Deposit(Now.AddHours(-2), 6_000), Deposit(Now, 4_001));

        Assert.NotNull(hit);
        Assert.True(hit.AcrossOperators);
        Assert.Contains("limite diário", hit.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void DepositsExactlyAtTheDailyLimitAreNoHit() =>
        Assert.Null(JudgeLast(Deposits, DepositLimits, Deposit(Now.AddHours(-2), 6_000, "OPR001"), Deposit(Now, 4_000, "OPR002")));

    [Fact]
    public void DepositsOnThePreviousBrasiliaDayDoNotCount()
    {
        var lateWednesday = Deposit(new DateTimeOffset(2026, 12, 3, 2, 0, 0, TimeSpan.Zero), 9_000, "OPR004");

        Assert.Null(JudgeLast(Deposits, DepositLimits, [lateWednesday, .. OneDepositAtEach("OPR001", "OPR002", "OPR003")]));
    }

    [Fact]
    public void RefundedDepositsNeitherCountNorHit()
    {
        var refunded = Deposit(Now.AddHours(-1), 50_000, "OPR004", "refunded");
        var completed = OneDepositAtEach("OPR001", "OPR002", "OPR003");

        Assert.Null(JudgeLast(Deposits, DepositLimits, [refunded, .. completed]));
        Assert.Null(JudgeLast(Deposits, DepositLimits, [.. completed, refunded]));
    }

    [Theory]
    [InlineData("completed")]
    [InlineData("failed")]
    [InlineData("returned")]
    public void CashOutsNeitherCountNorHit(string outcome)
    {
        var cashOut = Payment(PaymentSettled.CashOut, outcome, Now.AddHours(-1), 50_000, "OPR004");
        var deposits = OneDepositAtEach("OPR001", "OPR002", "OPR003");
        var overTheLimit = OneDepositAtEach("OPR001", "OPR002", "OPR003", "OPR004", "OPR005");

        Assert.Null(JudgeLast(Deposits, DepositLimits, [cashOut, .. deposits]));
        Assert.Null(JudgeLast(Deposits, DepositLimits, [.. overTheLimit, cashOut]));
    }

    [Fact]
    public void OneDepositPaidByAnotherIsNoHitTwoAtTheSameOperatorAre()
    {
        var first = Deposit(Now.AddDays(-3), 2_000, outcome: "refunded");
        var second = Deposit(Now, 3_000, outcome: "refunded");

        Assert.Null(JudgeLast(PaidByAnother, PaidByAnother.Shipped, first));
        var hit = JudgeLast(PaidByAnother, PaidByAnother.Shipped, first, second);

        Assert.NotNull(hit);
        Assert.False(hit.AcrossOperators);
        var evidence = Assert.Single(hit.Evidence);
        Assert.Equal((AlertEvidence.Payment, second.PaymentId), (evidence.Kind, evidence.Id));
        Assert.Contains(second.EndToEndId!, evidence.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void ARefundAtAnotherOperatorDoesNotCount() =>
        Assert.Null(JudgeLast(PaidByAnother, PaidByAnother.Shipped, Deposit(Now.AddDays(-3), 2_000, "OPR002", "refunded"), Deposit(Now, 3_000, "OPR001", "refunded")));

    [Fact]
    public void ARefundOlderThanTheWindowDoesNotCount()
    {
        var latest = Deposit(Now, 3_000, outcome: "refunded");

        Assert.Null(JudgeLast(PaidByAnother, PaidByAnother.Shipped, Deposit(Now.AddDays(-31), 2_000, outcome: "refunded"), latest));
        Assert.NotNull(JudgeLast(PaidByAnother, PaidByAnother.Shipped, Deposit(Now.AddDays(-29), 2_000, outcome: "refunded"), latest));
        Assert.Null(JudgeLast(PaidByAnother, Setting(PaidByAnother, (PaidByAnotherRule.WindowDays, 7)), Deposit(Now.AddDays(-8), 2_000, outcome: "refunded"), latest));
    }

    [Fact]
    public void ACompletedDepositIsNeverJudgedPaidByAnother() =>
        Assert.Null(JudgeLast(PaidByAnother, PaidByAnother.Shipped, Deposit(Now.AddDays(-2), 2_000, outcome: "refunded"), Deposit(Now.AddDays(-1), 2_000, outcome: "refunded"), Deposit(Now, 2_000)));

    [Fact]
    public void MinOccurrencesOfOneFlagsTheFirstRefund() =>
        Assert.NotNull(JudgeLast(PaidByAnother, Setting(PaidByAnother, (PaidByAnotherRule.MinOccurrences, 1)), Deposit(Now, 3_000, outcome: "refunded")));
}
