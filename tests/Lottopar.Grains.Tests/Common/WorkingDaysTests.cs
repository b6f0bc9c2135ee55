using Lottopar.Grains.Common;
using Xunit;

namespace Lottopar.Grains.Tests.Common;

public sealed class WorkingDaysTests
{
    [Theory]
    [InlineData(2024, 3, 31)]
    [InlineData(2025, 4, 20)]
    [InlineData(2026, 4, 5)]
    [InlineData(2027, 3, 28)]
    public void EasterFallsOnItsKnownSundays(int year, int month, int day) =>
        Assert.Equal(new DateOnly(year, month, day), WorkingDays.Easter(year));

    [Fact]
    public void WeekendsNationalHolidaysAndGoodFridayAreNotWorkingDaysCarnivalIs()
    {
        Assert.False(WorkingDays.IsWorkingDay(new DateOnly(2026, 12, 5))); // Saturday
        Assert.False(WorkingDays.IsWorkingDay(new DateOnly(2026, 12, 25)));
        Assert.False(WorkingDays.IsWorkingDay(new DateOnly(2026, 4, 3))); // Good Friday
        Assert.False(WorkingDays.IsWorkingDay(new DateOnly(2026, 11, 20))); // Consciência Negra, a holiday since 2024
        Assert.True(WorkingDays.IsWorkingDay(new DateOnly(2023, 11, 20)));
        Assert.True(WorkingDays.IsWorkingDay(new DateOnly(2026, 2, 17))); // Carnival Tuesday: optional
        Assert.True(WorkingDays.IsWorkingDay(new DateOnly(2026, 12, 3)));
    }

    [Fact]
    public void TheCountStartsTheNextWorkingDayAndEndsAtMidnightAfterTheLastOneInBrasilia()
    {
        var friday = new DateTimeOffset(2026, 12, 18, 15, 0, 0, TimeSpan.FromHours(-3));

        // 21, 22, 23, 24 and (Christmas and the weekend skipped) 28 December.
        Assert.Equal(new DateTimeOffset(2026, 12, 29, 0, 0, 0, TimeSpan.FromHours(-3)), WorkingDays.After(friday, 5));
        // Late on a Thursday in Brasília is already Friday in UTC: the day counted from is Brasília's.
        var thursdayNight = new DateTimeOffset(2026, 11, 20, 2, 0, 0, TimeSpan.Zero);
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.FromHours(-3)), WorkingDays.After(thursdayNight, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => WorkingDays.After(friday, -1));
    }
}
