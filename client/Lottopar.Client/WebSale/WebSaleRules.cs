using System.Globalization;

namespace Lottopar.Client.WebSale;

/// <summary>
/// The shapes the document gives the request parameters, so that a caller's mistake is an argument error and
/// not a request. Anything richer (the frame's rules, a ticket's structure) is the server's to judge: it answers
/// with its code.
/// </summary>
public static class WebSaleRules
{
    public const int MaxProviderCode = 999;

    /// <summary>The ticket number has 5 digits for the POS, so LOTTOPAR registers no larger <c>poscod</c>.</summary>
    public const int MaxPosCode = 99_999;

    public const int PrinterSerialLength = 10;

    public const int InvoiceNumberLength = 8;

    /// <summary><c>providercod</c>: "no más de 3 dígitos", and not 0.</summary>
    public static bool IsProviderCode(int code) => code is >= 1 and <= MaxProviderCode;

    /// <summary><c>poscod</c>: a positive number that fits the ticket number's 5 digits.</summary>
    public static bool IsPosCode(int code) => code is >= 1 and <= MaxPosCode;

    /// <summary><c>serialifa</c>: "10 caracteres (alfanuméricos)".</summary>
    public static bool IsPrinterSerial(string? serial) => serial is { Length: PrinterSerialLength } && serial.All(char.IsAsciiLetterOrDigit);

    /// <summary><c>numfact</c>: "N (8 dígitos)".</summary>
    public static bool IsInvoiceNumber(string? invoice) => invoice is { Length: InvoiceNumberLength } && invoice.All(char.IsAsciiDigit);

    /// <summary><c>turn</c>: 1 (morning), 2 (afternoon) or 3 (night).</summary>
    public static bool IsTurn(int turn) => turn is >= 1 and <= 3;

    /// <summary><c>date</c> as the document writes it: AAAAMMDD.</summary>
    public static string FormatDate(DateOnly date) => date.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    internal static void CheckProvider(int providerCode)
    {
        if (!IsProviderCode(providerCode))
        {
            throw new ArgumentOutOfRangeException(nameof(providerCode), providerCode, $"providercod runs from 1 to {MaxProviderCode}.");
        }
    }

    internal static void CheckPos(int providerCode, int posCode)
    {
        CheckProvider(providerCode);
        if (!IsPosCode(posCode))
        {
            throw new ArgumentOutOfRangeException(nameof(posCode), posCode, $"poscod runs from 1 to {MaxPosCode}.");
        }
    }
}
