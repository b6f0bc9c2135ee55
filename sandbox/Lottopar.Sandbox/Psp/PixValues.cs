using System.Globalization;
using System.Text.RegularExpressions;

namespace Lottopar.Sandbox.Psp;

/// <summary>The API Pix's string forms: amounts ("123.45", <c>\d{1,10}\.\d{2}</c>), txids, end-to-end ids.</summary>
public static partial class PixValues
{
    public static bool TryParseAmount(string? text, out long centavos)
    {
        centavos = 0;
        if (text is null || !AmountPattern().IsMatch(text))
        {
            return false;
        }

        centavos = long.Parse(text.Replace(".", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);
        return true;
    }

    public static string Amount(long centavos) => string.Create(CultureInfo.InvariantCulture, $"{centavos / 100}.{centavos % 100:D2}");

    public static bool IsTxid(string? txid) => txid is not null && TxidPattern().IsMatch(txid);

    /// <summary>An end-to-end id as the SPI makes them: "E", the payer's ISPB (8 digits), yyyyMMddHHmm, 11 alphanumerics.</summary>
    public static string NewEndToEndId(string ispb, DateTimeOffset at) =>
        $"E{ispb}{at.UtcDateTime:yyyyMMddHHmm}{Convert.ToHexString(Guid.NewGuid().ToByteArray())[..11].ToLowerInvariant()}";

    [GeneratedRegex(@"^\d{1,10}\.\d{2}$")]
    private static partial Regex AmountPattern();

    [GeneratedRegex("^[a-zA-Z0-9]{26,35}$")]
    private static partial Regex TxidPattern();
}
