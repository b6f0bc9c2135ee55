namespace Lottopar.Grains.Common;

/// <summary>
/// LOTTOPAR's wall clock, America/Sao_Paulo: the calendar day an instant falls on there, and the
/// instant a local day and time denote. Everything stored and compared stays UTC.
/// </summary>
public static class BrasiliaTime
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("America/Sao_Paulo");

    public static DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, Zone).DateTime);

    public static DateTimeOffset Instant(DateOnly day, TimeOnly time)
    {
        var local = day.ToDateTime(time, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, Zone.GetUtcOffset(local));
    }
}
