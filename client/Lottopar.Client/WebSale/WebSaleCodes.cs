using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace Lottopar.Client.WebSale;

/// <summary>
/// The answer codes of each operation and what they mean, from the tables of lottery-websale-spec.es.txt
/// (in English). A code means different things in different operations: 0 is a refused sale but a done
/// cancellation, and results have no 0 at all.
/// </summary>
public static class WebSaleCodes
{
    private const string ProviderDisabled = "The provider is disabled.";
    private const string ProviderUnknown = "The provider does not exist.";
    private const string NoAdministrativePos = "The provider has no administrative POS assigned.";
    private const string AddressNotAllowed = "Access restricted: the client's IP address is not authorised for the provider.";

    private static readonly FrozenDictionary<WebSaleOperation, FrozenDictionary<int, string>> Meanings =
        new Dictionary<WebSaleOperation, FrozenDictionary<int, string>>
        {
            [WebSaleOperation.Sale] = Table(
                (0, "The ticket was not generated: the data frame is wrong."),
                (6, "No number is available."),
                (7, "The draw is closed."),
                (8, ProviderDisabled),
                (9, ProviderUnknown),
                (10, "The POS is inactive."),
                (11, AddressNotAllowed),
                (12, "The printer serial does not match the one registered for the POS."),
                (13, "The invoice number is not valid.")),
            [WebSaleOperation.Cancellation] = Table(
                (0, "The ticket was cancelled."),
                (1, "General error: data frame, ticket length, etc."),
                (2, "Time is up: the 5-minute limit has passed."),
                (3, "The ticket is paid."),
                (4, "The ticket is already cancelled."),
                (5, "The ticket does not exist."),
                (8, ProviderDisabled),
                (9, ProviderUnknown),
                (10, NoAdministrativePos),
                (11, AddressNotAllowed)),
            [WebSaleOperation.PrizeRegistration] = Table(
                (0, "The ticket was registered as paid."),
                (1, "General error: data frame, ticket length, etc."),
                (2, "The ticket has already been paid."),
                (3, "The ticket does not exist."),
                (6, "Invalid date."),
                (8, ProviderDisabled),
                (9, ProviderUnknown),
                (10, NoAdministrativePos),
                (11, AddressNotAllowed)),
            [WebSaleOperation.TransactionCheck] = Table(
                (0, "Any later tickets were cancelled and the ticket sent is confirmed valid."),
                (1, "General error: the ticket does not exist."),
                (4, "The ticket was already cancelled."),
                (11, AddressNotAllowed)),
            [WebSaleOperation.Results] = Table(
                (1, "There are no results yet for that date and turn."),
                (6, "The date parameter is wrong."),
                (7, "The turn parameter is wrong."),
                (8, ProviderDisabled),
                (9, ProviderUnknown),
                (10, NoAdministrativePos),
                (11, AddressNotAllowed)),
        }.ToFrozenDictionary();

    /// <summary>Every code the document lists for <paramref name="operation"/>, with its meaning.</summary>
    public static IReadOnlyDictionary<int, string> Of(WebSaleOperation operation) =>
        Meanings.TryGetValue(operation, out var table)
            ? table
            : throw new ArgumentOutOfRangeException(nameof(operation), operation, "Not an operation of the document.");

    /// <summary>The meaning of <paramref name="code"/> in <paramref name="operation"/>; false for a code the document does not list there.</summary>
    public static bool TryDescribe(WebSaleOperation operation, int code, [NotNullWhen(true)] out string? meaning)
    {
        meaning = null;
        return Meanings.TryGetValue(operation, out var table) && table.TryGetValue(code, out meaning);
    }

    private static FrozenDictionary<int, string> Table(params (int Code, string Meaning)[] rows) =>
        rows.ToFrozenDictionary(row => row.Code, row => row.Meaning);
}
