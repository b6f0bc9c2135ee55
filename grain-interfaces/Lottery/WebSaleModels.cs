namespace Lottopar.GrainInterfaces.Lottery;

/// <summary>
/// A webSale request as the terminal sent it, parameter for parameter (each null when absent or
/// given twice), with the caller's address as the edge established it. The desk judges every part.
/// </summary>
/// <param name="ProviderCode">providercod.</param>
/// <param name="PosCode">poscod.</param>
/// <param name="PrinterSerial">serialifa (sale only).</param>
/// <param name="InvoiceNumber">numfact (sale only).</param>
/// <param name="Data">data: the sale frame, or a ticket number.</param>
/// <param name="Date">date, yyyyMMdd (prize registration, results).</param>
/// <param name="Turn">turn (results).</param>
/// <param name="ClientAddress">The caller's IP address, or null when it has none.</param>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record WebSaleRequest(
    [property: Orleans.Id(0)] string? ProviderCode,
    [property: Orleans.Id(1)] string? PosCode,
    [property: Orleans.Id(2)] string? PrinterSerial,
    [property: Orleans.Id(3)] string? InvoiceNumber,
    [property: Orleans.Id(4)] string? Data,
    [property: Orleans.Id(5)] string? Date,
    [property: Orleans.Id(6)] string? Turn,
    [property: Orleans.Id(7)] string? ClientAddress);

/// <summary>
/// What became of a webSale request, in the domain's words. Each operation answers each verdict
/// with a code of its own (the edge's one map); the same verdict may be 9 for a sale and 1 for a
/// transaction check.
/// </summary>
[Orleans.GenerateSerializer]
public enum WebSaleVerdict
{
    /// <summary>Carried out: a ticket sold in full, cancelled, paid, a check done, results found.</summary>
    Done,

    /// <summary>No provider holds providercod (or it is not 1-3 digits).</summary>
    UnknownProvider,

    /// <summary>The caller's address is not in the provider's allow-list.</summary>
    AddressNotAllowed,

    /// <summary>The provider is disabled, or its operator is suspended or revoked.</summary>
    ProviderDisabled,

    /// <summary>poscod names no active POS of the provider (sale).</summary>
    PosNotActive,

    /// <summary>The provider has no administrative POS (cancellation, prize registration, results).</summary>
    NoAdministrativePos,

    /// <summary>serialifa is not the printer serial of the POS.</summary>
    PrinterSerialMismatch,

    /// <summary>numfact is not 8 digits, or the POS already used it.</summary>
    InvoiceInvalid,

    /// <summary>
    /// The request cannot be read: a malformed frame (or one mixing turns or lotteries), a
    /// malformed ticket number, or a poscod that is not a POS of the provider.
    /// </summary>
    Malformed,

    /// <summary>A draw of the sale is past its closing time.</summary>
    DrawClosed,

    /// <summary>No record of the sale could sell anything.</summary>
    NothingAvailable,

    /// <summary>A ticket was issued, but some record sold less than asked (see <see cref="WebSaleOutcome.SoldLines"/>).</summary>
    PartiallySold,

    /// <summary>No such ticket, or another provider's.</summary>
    UnknownTicket,

    /// <summary>The ticket is cancelled.</summary>
    TicketCancelled,

    /// <summary>The ticket is paid.</summary>
    TicketPaid,

    /// <summary>More than the cancellation window after the sale.</summary>
    TooLate,

    /// <summary>Not a winning ticket, or a draw of it has no published result yet.</summary>
    NotWinning,

    /// <summary>date is not a real date written yyyyMMdd, or not the ticket's sale date.</summary>
    BadDate,

    /// <summary>turn is not a turn of the catalog.</summary>
    BadTurn,

    /// <summary>None of the turn's draws has a published result yet.</summary>
    NoResults,
}

/// <summary>A draw's published result, as a results query lists it.</summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record PublishedResult(
    [property: Orleans.Id(0)] string DrawCode,
    [property: Orleans.Id(1)] DrawResult Result);

/// <summary>The verdict on a webSale request and what it carries: the ticket sold, what each record sold, the results.</summary>
/// <param name="TicketNumber">The ticket of a sale (<see cref="WebSaleVerdict.Done"/> or <see cref="WebSaleVerdict.PartiallySold"/>).</param>
/// <param name="SoldLines">Every record of a partial sale, in frame order, with what it sold.</param>
/// <param name="Results">The published results of a results query, in catalog order.</param>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record WebSaleOutcome(
    [property: Orleans.Id(0)] WebSaleVerdict Verdict,
    [property: Orleans.Id(1)] string? TicketNumber = null,
    [property: Orleans.Id(2)] IReadOnlyList<TicketLine>? SoldLines = null,
    [property: Orleans.Id(3)] IReadOnlyList<PublishedResult>? Results = null)
{
    public static WebSaleOutcome Of(WebSaleVerdict verdict) => verdict switch
    {
        WebSaleVerdict.Done => s_done,
        _ => new WebSaleOutcome(verdict),
    };

    private static readonly WebSaleOutcome s_done = new(WebSaleVerdict.Done);
}
