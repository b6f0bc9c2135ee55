using Lottopar.GrainInterfaces.Operators;

namespace Lottopar.Grains.Operators;

/// <summary>
/// License dates are calendar days in Brasília time: a license "valid until 2027-12-31" ends when
/// 2028-01-01 begins in America/Sao_Paulo.
/// </summary>
public static class LicenseCalendar
{
    public static readonly TimeSpan WarningBeforeExpiry = TimeSpan.FromDays(30);

    private static readonly TimeZoneInfo Brasilia = TimeZoneInfo.FindSystemTimeZoneById("America/Sao_Paulo");

    public static DateTimeOffset ValidFromInstant(License license) => StartOfDay(license.ValidFrom);

    public static DateTimeOffset ExpiryInstant(License license) => StartOfDay(license.ValidUntil.AddDays(1));

    public static DateTimeOffset WarningInstant(License license) => ExpiryInstant(license) - WarningBeforeExpiry;

    public static DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, Brasilia).DateTime);

    private static DateTimeOffset StartOfDay(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, Brasilia.GetUtcOffset(local));
    }
}
