namespace Lottopar.Grains.Common;

/// <summary>
/// Brazil's working days (dias úteis): Monday to Friday except the national holidays: the fixed ones
/// of Lei 662/1949 as amended (1 January, 21 April, 1 May, 7 September, 2 and 15 November, 25
/// December), 12 October (Lei 6.802/1980), 20 November (Lei 14.759/2023), and Good Friday. Carnival and
/// Corpus Christi are optional days off (ponto facultativo) and count as working days.
/// </summary>
public static class WorkingDays
{
    public static bool IsWorkingDay(DateOnly day) =>
        day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !IsNationalHoliday(day);

    public static bool IsNationalHoliday(DateOnly day) =>
        (day.Month, day.Day) is (1, 1) or (4, 21) or (5, 1) or (9, 7) or (10, 12) or (11, 2) or (11, 15) or (12, 25)
        || (day.Month, day.Day, day.Year) is (11, 20, >= 2024)
        || day == Easter(day.Year).AddDays(-2);

    /// <summary>
    /// The instant <paramref name="days"/> working days after <paramref name="since"/>, in Brasília: the
    /// count starts on the working day after the one it happened on, and the deadline is the end of the
    /// last one (midnight after it).
    /// </summary>
    public static DateTimeOffset After(DateTimeOffset since, int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        var day = BrasiliaTime.Today(since);
        for (var counted = 0; counted < days;)
        {
            day = day.AddDays(1);
            if (IsWorkingDay(day))
            {
                counted++;
            }
        }

        return BrasiliaTime.Instant(day.AddDays(1), TimeOnly.MinValue);
    }

    /// <summary>Easter Sunday of a Gregorian year (the anonymous Gregorian algorithm).</summary>
    public static DateOnly Easter(int year)
    {
        var a = year % 19;
        var b = year / 100;
        var c = year % 100;
        var d = b / 4;
        var e = b % 4;
        var f = (b + 8) / 25;
        var g = (b - f + 1) / 3;
        var h = ((19 * a) + b - d - g + 15) % 30;
        var i = c / 4;
        var k = c % 4;
        var l = (32 + (2 * e) + (2 * i) - h - k) % 7;
        var m = (a + (11 * h) + (22 * l)) / 451;
        var month = (h + l - (7 * m) + 114) / 31;
        var dayOfMonth = ((h + l - (7 * m) + 114) % 31) + 1;
        return new DateOnly(year, month, dayOfMonth);
    }
}
