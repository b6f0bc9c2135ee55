using Lottopar.GrainInterfaces.Payments;
using Lottopar.Grains.Payments;
using Xunit;

namespace Lottopar.Grains.Tests.Payments;

public sealed class DepositLimitsTests
{
    // Thursday 3 December 2026, 12:00 in Brasília (15:00 UTC).
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 15, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(DepositLimitPeriod.Day, "2026-12-03T03:00:00Z")]
    [InlineData(DepositLimitPeriod.Week, "2026-11-30T03:00:00Z")]
    [InlineData(DepositLimitPeriod.Month, "2026-12-01T03:00:00Z")]
    public void PeriodsStartAtMidnightInBrasilia(DepositLimitPeriod period, string start) =>
        Assert.Equal(DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture), DepositLimits.PeriodStart(period, Now));

    [Fact]
    public void ACutAppliesAtOnceARaiseAfterTheCoolingOff()
    {
        var limit = DepositLimits.Change(null, DepositLimitPeriod.Day, 10_000, Now);
        var cut = DepositLimits.Change(limit, DepositLimitPeriod.Day, 5_000, Now.AddMinutes(1));
        var raised = DepositLimits.Change(cut, DepositLimitPeriod.Day, 50_000, Now.AddMinutes(2));
        var removed = DepositLimits.Change(cut, DepositLimitPeriod.Day, null, Now.AddMinutes(2));

        Assert.Equal(10_000, DepositLimits.InForce(limit, Now));
        Assert.Equal(5_000, DepositLimits.InForce(cut, Now.AddMinutes(1)));
        Assert.Equal(5_000, DepositLimits.InForce(raised, Now.AddHours(23)));
        Assert.Equal(50_000, DepositLimits.InForce(raised, Now.AddMinutes(2) + DepositLimits.CoolingOff));
        Assert.Equal(5_000, DepositLimits.InForce(removed, Now.AddHours(23)));
        Assert.Null(DepositLimits.InForce(removed, Now.AddMinutes(2) + DepositLimits.CoolingOff));
    }

    [Fact]
    public void ACutDuringACoolingOffCancelsThePendingRaise()
    {
        var raised = DepositLimits.Change(DepositLimits.Change(null, DepositLimitPeriod.Week, 10_000, Now), DepositLimitPeriod.Week, 90_000, Now);

        var cut = DepositLimits.Change(raised, DepositLimitPeriod.Week, 8_000, Now.AddHours(1));

        Assert.Null(cut.Pending);
        Assert.Equal(8_000, DepositLimits.InForce(cut, Now.AddDays(2)));
    }

    [Fact]
    public void PaidAndStillPayableDepositsCountRefundedAndExpiredOnesDoNot()
    {
        ReservedDeposit[] deposits =
        [
            new("paid", 3_000, Now.AddHours(-2), Now.AddHours(-1), ReservedDepositStatus.Completed),
            new("payable", 2_000, Now.AddMinutes(-5), Now.AddMinutes(55), ReservedDepositStatus.Pending),
            new("expired", 4_000, Now.AddHours(-3), Now.AddHours(-2), ReservedDepositStatus.Pending),
            new("refunded", 5_000, Now.AddHours(-1), Now.AddHours(1), ReservedDepositStatus.Refunded),
            new("yesterday", 6_000, Now.AddDays(-1), Now.AddDays(-1).AddHours(1), ReservedDepositStatus.Completed),
        ];

        Assert.Equal(5_000, DepositLimits.Used(deposits, DepositLimitPeriod.Day, Now));
        Assert.Equal(11_000, DepositLimits.Used(deposits, DepositLimitPeriod.Week, Now));
    }

    [Fact]
    public void EveryLimitPassedIsAReason()
    {
        var limits = new[]
        {
            DepositLimits.Change(null, DepositLimitPeriod.Month, 20_000, Now.AddDays(-1)),
            DepositLimits.Change(null, DepositLimitPeriod.Day, 5_000, Now.AddDays(-1)),
        };
        ReservedDeposit[] deposits = [new("a", 4_000, Now.AddHours(-1), Now.AddHours(1), ReservedDepositStatus.Completed)];

        Assert.Empty(DepositLimits.Exceeded(limits, deposits, 1_000, Now));
        Assert.Equal(["deposit_limit_day"], DepositLimits.Exceeded(limits, deposits, 1_001, Now));
        Assert.Equal(["deposit_limit_day", "deposit_limit_month"], DepositLimits.Exceeded(limits, deposits, 16_001, Now));
    }
}
