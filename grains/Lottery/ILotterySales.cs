using Lottopar.GrainInterfaces.Lottery;

namespace Lottopar.Grains.Lottery;

/// <summary>A ticket's number and lines, as a turn's sales are read back.</summary>
public sealed record SoldTicketLines(string TicketNumber, IReadOnlyList<TicketLine> Lines);

/// <summary>
/// The ticket store, as the lottery grains read it (the silo implements it over lottery_tickets).
/// Tickets are written only through the turn grains' commits (stream archives).
/// </summary>
public interface ILotterySales
{
    /// <summary>Every ticket of a turn that is not cancelled, with its lines: what its numbers have sold.</summary>
    Task<IReadOnlyList<SoldTicketLines>> SoldTicketsAsync(string lotteryCode, int turn, DateOnly saleDate, CancellationToken cancellationToken);

    Task<LotteryTicket?> FindTicketAsync(string ticketNumber, CancellationToken cancellationToken);

    /// <summary>
    /// The provider's tickets registered after <paramref name="ticketNumber"/> (which must be the
    /// provider's) that are neither cancelled nor paid, in registration order.
    /// </summary>
    Task<IReadOnlyList<(string TicketNumber, string TurnKey)>> SoldTicketsAfterAsync(string ticketNumber, int providerCode, CancellationToken cancellationToken);

    /// <summary>Which of these (provider, POS, invoice number) triples some ticket already used.</summary>
    Task<HashSet<(int ProviderCode, int PosCode, string InvoiceNumber)>> InvoicesUsedAsync(
        IReadOnlyList<(int ProviderCode, int PosCode, string InvoiceNumber)> invoices, CancellationToken cancellationToken);

    /// <summary>Whether a failed write was refused because a POS had already used one of its invoice numbers (a race between turns).</summary>
    bool IsInvoiceTaken(Exception writeFailure);

    /// <summary>The sequence part of the next ticket number (1 to 999,999,999; unique until it wraps).</summary>
    Task<long> NextTicketSequenceAsync(CancellationToken cancellationToken);
}
