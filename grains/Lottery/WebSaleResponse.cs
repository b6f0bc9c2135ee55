using System.Text;
using Lottopar.GrainInterfaces.Lottery;

namespace Lottopar.Grains.Lottery;

/// <summary>
/// The plain-text bodies webSale answers with, byte for byte: no newline, no whitespace. A fully sold
/// ticket's body is the ticket number itself.
/// </summary>
public static class WebSaleResponse
{
    /// <summary>
    /// The operation's general failure code, for when it cannot be carried out at all: <c>0</c> for a
    /// sale (and for a request naming no operation), <c>1</c> for operations 1 to 4.
    /// </summary>
    public static string FailureOf(string? operation) => operation is "1" or "2" or "3" or "4" ? "1" : "0";

    /// <summary>
    /// The answer to a sale in which some number could not be sold in full: the ticket number, then for
    /// every record in frame order <c>draw|type|amount_sold</c>, each followed by ';'. Selling 0.1 of
    /// "01|01|320|0.1" and nothing of "01|02|32|0.2" gives
    /// <c>20101130006000280000000042;01|01|0.1;01|02|0;</c>.
    /// </summary>
    /// <param name="soldRecords">Every record of the frame with the centavos sold for it (0 to its amount).</param>
    /// <exception cref="ArgumentException">
    /// The ticket number is not valid, the list is empty, or an amount sold is negative or above the record's amount.
    /// </exception>
    public static string PartialAvailability(string ticketNumber, IReadOnlyList<(SaleRecord Record, long SoldCents)> soldRecords)
    {
        ArgumentNullException.ThrowIfNull(soldRecords);
        if (!TicketNumber.TryParse(ticketNumber, out _))
        {
            throw new ArgumentException("Not a valid ticket number.", nameof(ticketNumber));
        }

        if (soldRecords.Count == 0)
        {
            throw new ArgumentException("A ticket has at least one record.", nameof(soldRecords));
        }

        var body = new StringBuilder(ticketNumber).Append(';');
        foreach (var (record, sold) in soldRecords)
        {
            ArgumentNullException.ThrowIfNull(record, nameof(soldRecords));
            if (sold < 0 || sold > record.AmountCents)
            {
                throw new ArgumentException($"Sold {sold} centavos of a record of {record.AmountCents}.", nameof(soldRecords));
            }

            body.Append(record.DrawCode).Append('|')
                .Append(NumberTypeCode.Format(record.Type)).Append('|')
                .Append(WebSaleAmount.Format(sold)).Append(';');
        }

        return body.ToString();
    }

    /// <summary>
    /// The answer to a results query: <c>draw:result;</c> for each entry, in the order given (the
    /// catalog's, see <see cref="LotteryCatalog.DrawsOfTurn"/>), e.g. <c>01:482;02:861;13:02987;</c>.
    /// When there are no results yet the answer is code 1, not an empty body.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// The list is empty, a draw code is not 2 digits or repeats, or a result is not a 3-digit triple with an optional sign 1 to 12.
    /// </exception>
    public static string Results(IReadOnlyList<(string DrawCode, DrawResult Result)> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        if (results.Count == 0)
        {
            throw new ArgumentException("No results: answer code 1 instead.", nameof(results));
        }

        var body = new StringBuilder();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (drawCode, result) in results)
        {
            ArgumentNullException.ThrowIfNull(result, nameof(results));
            if (drawCode is not { Length: 2 } || drawCode.AsSpan().ContainsAnyExceptInRange('0', '9') || !seen.Add(drawCode))
            {
                throw new ArgumentException($"Draw code '{drawCode}' is not 2 digits or is listed twice.", nameof(results));
            }

            if (!DrawResultRules.IsWellFormed(result))
            {
                throw new ArgumentException($"The result of draw {drawCode} is not a 3-digit triple with an optional sign 1 to 12.", nameof(results));
            }

            body.Append(drawCode).Append(':').Append(result.ToWire()).Append(';');
        }

        return body.ToString();
    }
}
