using System.Globalization;

namespace Lottopar.Client.WebSale;

/// <summary>
/// The POS terminals of a load test: terminal i (from 0) is <c>poscod</c> first + i with printer serial the prefix
/// padded with zeros to 10 characters and ending in i (prefix ZLOAD: ZLOAD00000, ZLOAD00001, ...). They must be
/// registered for the provider beforehand, like any POS.
/// </summary>
public static class LoadTerminals
{
    /// <summary>What is wrong with these settings, or null when they name valid terminals.</summary>
    public static string? Check(int count, int firstPos, string? serialPrefix)
    {
        if (count < 1)
        {
            return "There must be at least one terminal.";
        }

        if (firstPos < 1 || (long)firstPos + count - 1 > WebSaleRules.MaxPosCode)
        {
            return $"POS codes {firstPos} to {(long)firstPos + count - 1} are outside 1 to {WebSaleRules.MaxPosCode}.";
        }

        if (serialPrefix is null || !serialPrefix.All(char.IsAsciiLetterOrDigit))
        {
            return $"The serial prefix must be letters or digits, not '{serialPrefix}'.";
        }

        var lastIndex = Index(count - 1);
        return serialPrefix.Length + lastIndex.Length > WebSaleRules.PrinterSerialLength
            ? $"Serial prefix '{serialPrefix}' leaves no room for terminal {lastIndex} in {WebSaleRules.PrinterSerialLength} characters."
            : null;
    }

    /// <exception cref="ArgumentException">A provider code outside 1-999, or settings <see cref="Check"/> refuses.</exception>
    public static IReadOnlyList<PosIdentity> Create(int providerCode, int count, int firstPos, string serialPrefix)
    {
        WebSaleRules.CheckProvider(providerCode);
        if (Check(count, firstPos, serialPrefix) is { } problem)
        {
            throw new ArgumentException(problem);
        }

        return [.. Enumerable.Range(0, count).Select(i => new PosIdentity(
            providerCode, firstPos + i, serialPrefix + Index(i).PadLeft(WebSaleRules.PrinterSerialLength - serialPrefix.Length, '0')))];
    }

    private static string Index(int i) => i.ToString(CultureInfo.InvariantCulture);
}
