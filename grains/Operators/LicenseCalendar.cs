using Lottopar.GrainInterfaces.Operators;
using Lottopar.Grains.Common;

namespace Lottopar.Grains.Operators;

/// <summary>
/// License dates are calendar days in Brasília time: a license "valid until 2027-12-31" ends when
/// 2028-01-01 begins in America/Sao_Paulo.
/// </summary>
public static class LicenseCalendar
{
    public static readonly TimeSpan WarningBeforeExpiry = TimeSpan.FromDays(30);

    public static DateTimeOffset ValidFromInstant(License license) => StartOfDay(license.ValidFrom);

    public static DateTimeOffset ExpiryInstant(License license) => StartOfDay(license.ValidUntil.AddDays(1));

    public static DateTimeOffset WarningInstant(License license) => ExpiryInstant(license) - WarningBeforeExpiry;

    public static DateOnly Today(DateTimeOffset now) => BrasiliaTime.Today(now);

    private static DateTimeOffset StartOfDay(DateOnly day) => BrasiliaTime.Instant(day, TimeOnly.MinValue);
}
