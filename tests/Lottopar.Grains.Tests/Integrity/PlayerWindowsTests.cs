using Lottopar.GrainInterfaces.Payments;
using Lottopar.Grains.Integrity;
using Xunit;
using static Lottopar.Grains.Tests.Integrity.Observations;

namespace Lottopar.Grains.Tests.Integrity;

public sealed class PlayerWindowsTests
{
    private static readonly DateOnly Today = new(2026, 12, 3);

    [Fact]
    public void ABetFoldedTwiceIsCountedOnce()
    {
        var windows = new PlayerWindows();
        var bet = Bet(Now, 2_500);

        Assert.True(windows.Fold(bet));
        Assert.False(windows.Fold(bet));

        Assert.Equal(2_500, windows.StakesOn(Today));
        Assert.Equal(2_500, windows.StakesInWeekEnding(Today));
        Assert.Equal(1, windows.BetsSeen);
    }

    [Fact]
    public void OnlyANewBetsStakeCountsThoughEveryEventIsSeen()
    {
        var windows = WindowsOf(Bet(Now, 2_500), Bet(Now, 2_500, kind: "result"), Bet(Now, 2_500, kind: "cancellation"));

        Assert.Equal(2_500, windows.StakesOn(Today));
        Assert.Equal(3, windows.BetsSeen);
    }

    [Fact]
    public void StakesAreKeptPerOperatorAndBrasiliaDay()
    {
        var windows = WindowsOf(
            Bet(Now, 1_000, "OPR001"),
            Bet(Now, 2_000, "OPR002"),
            Bet(new DateTimeOffset(2026, 12, 3, 2, 59, 0, TimeSpan.Zero), 4_000, "OPR001"));

        Assert.Equal((3_000, 1_000, 2_000), (windows.StakesOn(Today), windows.StakesOn(Today, "OPR001"), windows.StakesOn(Today, "OPR002")));
        Assert.Equal(4_000, windows.StakesOn(Today.AddDays(-1)));
        Assert.Equal(7_000, windows.StakesInWeekEnding(Today));
    }

    [Fact]
    public void APaymentFoldedTwiceWithTheSameOutcomeIsKeptOnce()
    {
        var windows = new PlayerWindows();
        var deposit = Deposit(Now, 5_000);

        Assert.True(windows.Fold(deposit));
        Assert.False(windows.Fold(deposit));

        Assert.Single(windows.Payments);
        Assert.Equal(5_000, Assert.Single(windows.DepositsOn(Today)).Amount);
    }

    [Fact]
    public void APaymentWithAnotherOutcomeIsFoldedAgain()
    {
        var windows = new PlayerWindows();
        var cashOut = Payment(PaymentSettled.CashOut, "completed", Now, 5_000);

        Assert.True(windows.Fold(cashOut));
        Assert.True(windows.Fold(cashOut with { Outcome = "returned" }));

        Assert.Equal(2, windows.Payments.Count);
    }

    [Fact]
    public void PruningDropsStakesFromEightBrasiliaDaysBackAndKeepsTheWeek()
    {
        var windows = WindowsOf(Bet(Now.AddDays(-8), 1_000), Bet(Now.AddDays(-7), 2_000), Bet(Now.AddDays(-6), 4_000), Bet(Now, 8_000));

        windows.Prune(Now);

        Assert.Equal(0, windows.StakesOn(Today.AddDays(-8)));
        Assert.Equal(2_000, windows.StakesOn(Today.AddDays(-7)));
        Assert.Equal(12_000, windows.StakesInWeekEnding(Today));
    }

    [Fact]
    public void PruningKeepsRefundsForNinetyDaysAndOtherPaymentsForEight()
    {
        var oldRefund = Deposit(Now.AddDays(-91), 1_000, outcome: "refunded");
        var keptRefund = Deposit(Now.AddDays(-89), 1_000, outcome: "refunded");
        var oldDeposit = Deposit(Now.AddDays(-9), 1_000);
        var keptDeposit = Deposit(Now.AddDays(-7), 1_000);
        var oldCashOut = Payment(PaymentSettled.CashOut, "completed", Now.AddDays(-9), 1_000);
        var windows = WindowsOf(oldRefund, keptRefund, oldDeposit, keptDeposit, oldCashOut);

        windows.Prune(Now);

        Assert.Equal([keptRefund.PaymentId, keptDeposit.PaymentId], windows.Payments.Select(p => p.PaymentId));
        Assert.Equal([keptRefund.PaymentId], windows.PaidByOthersSince("OPR001", Now.AddDays(-90)).Select(p => p.PaymentId));
    }

    [Fact]
    public void OnlyRefundedDepositsAtTheOperatorSinceTheInstantArePaidByOthers()
    {
        var counted = Deposit(Now.AddDays(-2), 1_000, outcome: "refunded");
        var windows = WindowsOf(
            counted,
            Deposit(Now.AddDays(-2), 1_000),
            Deposit(Now.AddDays(-2), 1_000, "OPR002", "refunded"),
            Deposit(Now.AddDays(-20), 1_000, outcome: "refunded"),
            Payment(PaymentSettled.CashOut, "refunded", Now.AddDays(-2), 1_000));

        Assert.Equal([counted.PaymentId], windows.PaidByOthersSince("OPR001", Now.AddDays(-10)).Select(p => p.PaymentId));
    }
}
