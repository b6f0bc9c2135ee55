using System.Globalization;

namespace Lottopar.Client.WebSale;

/// <summary>
/// Invoice numbers (<c>numfact</c>, 8 digits) for generated sales, which a POS may never reuse, not even in a
/// later run. A run's terminals start at the wall clock's milliseconds (modulo 10^8) and count up by one per sale.
/// </summary>
/// <remarks>
/// A terminal has one sale in flight at a time, so it uses fewer numbers than milliseconds pass unless the
/// server answers in under a millisecond: the next run then starts above every number this one used. The
/// numbers wrap every 10^8 ms (27.8 hours); only a run that overlaps, modulo that cycle, the window of an earlier
/// run of the same terminals can meet an invoice already used (code 13).
/// </remarks>
public static class InvoiceNumbers
{
    public const long Cycle = 100_000_000;

    /// <summary>The first invoice number of a run starting at <paramref name="now"/>.</summary>
    public static long BaseAt(DateTimeOffset now) => now.ToUnixTimeMilliseconds() % Cycle;

    /// <summary>The <paramref name="offset"/>-th number after <paramref name="start"/>, as 8 digits.</summary>
    public static string Format(long start, long offset) =>
        ((start + offset) % Cycle).ToString("D8", CultureInfo.InvariantCulture);
}
