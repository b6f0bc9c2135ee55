using FsCheck;
using FsCheck.Fluent;
using Lottopar.Runtime.Reminders;
using Xunit;

namespace Lottopar.Runtime.Tests.Unit;

public sealed class ReminderScheduleTests
{
    private static readonly DateTimeOffset Due = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void NextTickIsTheFirstGridPointStrictlyAfterNow()
    {
        var property = Prop.ForAll(
            Gen.Choose(1, 24 * 60).ToArbitrary(),
            Gen.Choose(0, 10_000_000).ToArbitrary(),
            (periodMinutes, secondsLate) =>
            {
                var period = TimeSpan.FromMinutes(periodMinutes);
                var now = Due.AddSeconds(secondsLate);
                var next = ReminderSchedule.NextAfter(Due, period, now)!.Value;
                var onGrid = (next - Due).Ticks % period.Ticks == 0;
                return next > now && next - period <= now && onGrid;
            });

        Check.QuickThrowOnFailure(property);
    }

    [Fact]
    public void MissedTicksCountTheGridPointsBetweenTheTickAndNow()
    {
        var property = Prop.ForAll(
            Gen.Choose(1, 24 * 60).ToArbitrary(),
            Gen.Choose(0, 10_000_000).ToArbitrary(),
            (periodMinutes, secondsLate) =>
            {
                var period = TimeSpan.FromMinutes(periodMinutes);
                var now = Due.AddSeconds(secondsLate);
                var missed = ReminderSchedule.MissedTicks(Due, period, now);
                var next = ReminderSchedule.NextAfter(Due, period, now)!.Value;
                return next == Due + (period * (missed + 1));
            });

        Check.QuickThrowOnFailure(property);
    }

    [Fact]
    public void OneShotReminderHasNoNextTick()
    {
        Assert.Null(ReminderSchedule.NextAfter(Due, period: null, Due.AddHours(3)));
        Assert.Equal(0, ReminderSchedule.MissedTicks(Due, period: null, Due.AddHours(3)));
    }

    [Fact]
    public void RetryDelayDoublesUpToItsCapAndNeverPassesThePeriod()
    {
        var first = TimeSpan.FromSeconds(10);
        var max = TimeSpan.FromMinutes(10);

        Assert.Equal([10, 20, 40, 80], Enumerable.Range(1, 4).Select(f => ReminderSchedule.RetryDelay(f, first, max, null).TotalSeconds));
        Assert.Equal(max, ReminderSchedule.RetryDelay(20, first, max, null));
        Assert.Equal(TimeSpan.FromMinutes(1), ReminderSchedule.RetryDelay(20, first, max, TimeSpan.FromMinutes(1)));
    }
}
