using Lottopar.GrainInterfaces.Betting;
using Lottopar.Grains.Betting;
using Xunit;

namespace Lottopar.Grains.Tests.Betting;

/// <summary>What one betting event adds to a day: the player's totals and the operators' daily activity both fold it so.</summary>
public sealed class BettingActivityTests
{
    private static BettingEvent Event(BettingEventType kind, long last, long current, long stake = 0, long bonus = 0, string at = "2026-03-10T15:00:00Z") =>
        new("01234567890", kind, last, current, DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture), true, "slip-1",
            null, stake, 2.5m, 1, false, false, bonus, false, [], null);

    [Fact]
    public void ANewBetAddsItsStakeItsBonusAndOneBet() =>
        Assert.Equal(new BettingDayChange(1, 5_000, 1_000, 0), BettingActivity.ChangeOf(Event(BettingEventType.NewBet, 30_000, 25_000, stake: 5_000, bonus: 1_000)));

    [Theory]
    [InlineData(40_000L, 102_500L, 62_500L)]
    [InlineData(40_000L, 40_000L, 0L)]
    [InlineData(40_000L, 10_000L, 0L)] // a balance that fell pays nothing, and takes nothing back
    public void AResultAddsWhatTheBalanceGainedAndNeverLessThanNothing(long last, long current, long winnings) =>
        Assert.Equal(new BettingDayChange(0, 0, 0, winnings), BettingActivity.ChangeOf(Event(BettingEventType.Result, last, current, stake: 10_000, bonus: 2_000)));

    [Fact]
    public void ACancellationAddsNothing() =>
        Assert.Equal(BettingDayChange.None, BettingActivity.ChangeOf(Event(BettingEventType.Cancellation, 20_000, 25_000, stake: 5_000)));

    [Theory]
    [InlineData("2024-01-15T02:30:00Z", "2024-01-14")] // 23:30 of the 14th in Brasília
    [InlineData("2024-01-15T03:00:00Z", "2024-01-15")]
    [InlineData("2024-01-15T23:59:00-03:00", "2024-01-15")]
    [InlineData("2024-01-16T01:00:00+02:00", "2024-01-15")]
    public void TheDayIsTheBrasiliaDayOfTheEventDate(string eventDate, string day) =>
        Assert.Equal(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture),
            BettingActivity.DayOf(Event(BettingEventType.NewBet, 0, 0, at: eventDate)));

    [Fact]
    public void ADaysTotalsAreTheSumOfItsEvents()
    {
        var events = new[]
        {
            Event(BettingEventType.NewBet, 30_000, 25_000, stake: 5_000, bonus: 500),
            Event(BettingEventType.NewBet, 25_000, 15_000, stake: 10_000),
            Event(BettingEventType.Result, 15_000, 27_500),
            Event(BettingEventType.Result, 27_500, 27_500),
            Event(BettingEventType.Cancellation, 27_500, 32_500),
        };
        var day = new DateOnly(2026, 3, 10);

        var totals = events.Aggregate(new DailyTotals(day, 0, 0, 0, 0), (t, e) => BettingActivity.Add(t, BettingActivity.ChangeOf(e)));

        Assert.Equal(new DailyTotals(day, Stakes: 15_000, Winnings: 12_500, Bonus: 500, Bets: 2), totals);
    }

    [Fact]
    public void AnOverflowingSumThrowsRatherThanWraps()
    {
        var full = new DailyTotals(new DateOnly(2026, 3, 10), long.MaxValue, 0, 0, 0);

        Assert.Throws<OverflowException>(() => BettingActivity.Add(full, new BettingDayChange(1, 1, 0, 0)));
    }
}
