using System.Globalization;
using Lottopar.Grains.Common;

namespace Lottopar.Silo.BackOffice;

/// <summary>
/// How the back office writes numbers, money and times: Brazilian Portuguese (R$ 1.234,56;
/// 04/12/2026 09:30), times in Brasília's zone. The pages format through here only, so the API's
/// invariant formats never depend on a page's culture.
/// </summary>
public static class OfficeFormat
{
    public static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("pt-BR");

    /// <summary>Centavos as reais: 123456 → "R$ 1.234,56" (negative: "-R$ 1.234,56").</summary>
    public static string Money(long centavos) => (centavos / 100m).ToString("C2", Culture);

    public static string Count(long count) => count.ToString("N0", Culture);

    /// <summary>An instant in Brasília: "04/12/2026 09:30".</summary>
    public static string DateTime(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, BrasiliaTime.Zone).ToString("dd/MM/yyyy HH:mm", Culture);

    public static string Time(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, BrasiliaTime.Zone).ToString("HH:mm", Culture);

    public static string Date(DateOnly day) => day.ToString("dd/MM/yyyy", Culture);
}
