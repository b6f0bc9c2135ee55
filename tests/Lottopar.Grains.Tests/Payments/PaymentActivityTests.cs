using Lottopar.GrainInterfaces.Payments;
using Lottopar.Grains.Payments;
using Xunit;

namespace Lottopar.Grains.Tests.Payments;

/// <summary>What a settled payment adds to its operator's day, read from its ledger lines.</summary>
public sealed class PaymentActivityTests
{
    private static readonly DateTimeOffset Noon = new(2026, 3, 10, 15, 0, 0, TimeSpan.Zero);

    private static PaymentSettled Settled(string kind, string outcome, long amount, IReadOnlyList<LedgerEntry> entries, DateTimeOffset? at = null) =>
        new("lp0001", "OPR-000001", "01234567890", amount, outcome, "E123", at ?? Noon, entries, kind);

    [Fact]
    public void ACashInPaidByItsPlayerIsOneDeposit() =>
        Assert.Equal(new PaymentDayChange(5_000, 1, 0, 0, 0),
            PaymentActivity.ChangeOf(Settled(PaymentSettled.CashIn, "completed", 5_000, Ledger.CashInCompleted(5_000))));

    [Fact]
    public void ACashInPaidBySomeoneElseIsARefundAndNoDeposit() =>
        Assert.Equal(new PaymentDayChange(0, 0, 0, 0, 7_700),
            PaymentActivity.ChangeOf(Settled(PaymentSettled.CashIn, "refunded", 7_700, Ledger.CashInRefunded(7_700))));

    [Fact]
    public void APayoutMadeIsOneWithdrawal() =>
        Assert.Equal(new PaymentDayChange(0, 0, 30_000, 1, 0),
            PaymentActivity.ChangeOf(Settled(PaymentSettled.CashOut, "completed", 30_000, Ledger.CashOutCompleted(30_000))));

    [Fact]
    public void AReturnedPayoutTakesItsWithdrawalBack()
    {
        var made = PaymentActivity.ChangeOf(Settled(PaymentSettled.CashOut, "completed", 8_800, Ledger.CashOutCompleted(8_800)));
        var returned = PaymentActivity.ChangeOf(Settled(PaymentSettled.CashOut, "returned", 8_800, Ledger.CashOutReturned(8_800)));

        Assert.Equal(new PaymentDayChange(0, 0, -8_800, -1, 0), returned);
        Assert.Equal((0L, 0L), (made.Withdrawals + returned.Withdrawals, made.WithdrawalCount + returned.WithdrawalCount));
    }

    [Fact]
    public void AFailedPayoutMovesNothing() =>
        Assert.Equal(default, PaymentActivity.ChangeOf(Settled(PaymentSettled.CashOut, "failed", 4_000, [])));

    [Theory]
    [InlineData("2026-03-11T02:59:59Z", "2026-03-10")]
    [InlineData("2026-03-11T03:00:00Z", "2026-03-11")]
    public void TheDayIsTheBrasiliaDayOfTheSettlement(string at, string day) =>
        Assert.Equal(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture),
            PaymentActivity.DayOf(Settled(PaymentSettled.CashIn, "completed", 1, Ledger.CashInCompleted(1), DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture))));
}
