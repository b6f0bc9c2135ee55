using Lottopar.GrainInterfaces.Payments;
using Lottopar.Grains.Payments;
using Xunit;

namespace Lottopar.Grains.Tests.Payments;

public sealed class LedgerTests
{
    [Theory]
    [InlineData(1L)]
    [InlineData(5_000L)]
    [InlineData(100_000_000L)]
    public void EveryCashInMovementBalances(long amount)
    {
        Assert.True(Ledger.Balances(Ledger.CashInCompleted(amount)));
        Assert.True(Ledger.Balances(Ledger.CashInRefunded(amount)));
    }

    [Theory]
    [InlineData(1L)]
    [InlineData(100_000_000L)]
    public void EveryCashOutMovementBalances(long amount)
    {
        Assert.True(Ledger.Balances(Ledger.CashOutCompleted(amount)));
        Assert.True(Ledger.Balances(Ledger.CashOutReturned(amount)));
    }

    [Fact]
    public void ACashOutLeavesThePspAccountAndAReturnBringsItBack()
    {
        var paid = Ledger.CashOutCompleted(3_000);
        var both = paid.Concat(Ledger.CashOutReturned(3_000)).ToList();

        Assert.Equal(-3_000, Net(paid, Ledger.PspAccount));
        Assert.Equal(3_000, Net(paid, Ledger.PlayerWithdrawals));
        Assert.Equal(0, Net(both, Ledger.PspAccount));
        Assert.Equal(0, Net(both, Ledger.PlayerWithdrawals));
    }

    [Fact]
    public void ARefundedCashInLeavesNothingInThePspAccountAndOwesNothing()
    {
        var entries = Ledger.CashInRefunded(7_700);

        Assert.Equal(0, Net(entries, Ledger.PspAccount));
        Assert.Equal(0, Net(entries, Ledger.RefundsPayable));
        Assert.DoesNotContain(entries, e => e.Account == Ledger.PlayerDeposits);
    }

    [Fact]
    public void ACompletedCashInIsOwedToThePlayer()
    {
        var entries = Ledger.CashInCompleted(5_000);

        Assert.Equal(5_000, Net(entries, Ledger.PspAccount));
        Assert.Equal(-5_000, Net(entries, Ledger.PlayerDeposits));
    }

    [Fact]
    public void UnbalancedOrTwoSidedEntriesAreCaught()
    {
        Assert.False(Ledger.Balances([new("m", "k", "a", 10, 0), new("m", "k", "b", 0, 9)]));
        Assert.False(Ledger.Balances([new("m", "k", "a", 10, 10), new("m", "k", "b", 0, 0)]));
        Assert.False(Ledger.Balances([new("m", "k", "a", -5, 0), new("m", "k", "b", 0, -5)]));
    }

    private static long Net(IEnumerable<LedgerEntry> entries, string account) =>
        entries.Where(e => e.Account == account).Sum(e => e.Debit - e.Credit);
}
