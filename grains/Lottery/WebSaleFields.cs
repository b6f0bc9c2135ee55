using System.Globalization;

namespace Lottopar.Grains.Lottery;

/// <summary>How webSale's numeric and date parameters are read: strictly, or not at all.</summary>
public static class WebSaleFields
{
    /// <summary>A positive number of 1 to <paramref name="maxDigits"/> ASCII digits, or null.</summary>
    public static int? Number(string? text, int maxDigits) =>
        text is { Length: > 0 } && text.Length <= maxDigits && text.All(char.IsAsciiDigit) && int.Parse(text, CultureInfo.InvariantCulture) is > 0 and var n
            ? n
            : null;

    /// <summary>A real date written yyyyMMdd, or null.</summary>
    public static DateOnly? Date(string? text) =>
        text is { Length: 8 } && DateOnly.TryParseExact(text, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    /// <summary>numfact: exactly 8 ASCII digits.</summary>
    public static bool IsInvoiceNumber(string? text) => text is { Length: 8 } && text.All(char.IsAsciiDigit);
}
