namespace Lottopar.GrainInterfaces.Lottery;

/// <summary>
/// The rules of every webSale operation (lottery-websale-spec.es.txt), checked in the document's
/// order: the provider behind providercod, the caller's address, the provider enabled, the POS,
/// printer serial, invoice number, frame, ticket, date and turn. A stateless worker: requests of
/// one provider run side by side, and sales meet only at their turn's grain.
/// </summary>
public interface IWebSaleDeskGrain : Orleans.IGrainWithStringKey
{
    /// <summary>Operation 0 (its request came by POST): a sale.</summary>
    Task<WebSaleOutcome> SellAsync(WebSaleRequest request);

    /// <summary>Operation 1: a POS cancels a ticket within the cancellation window.</summary>
    Task<WebSaleOutcome> CancelAsync(WebSaleRequest request);

    /// <summary>Operation 2: a winning ticket is registered as paid.</summary>
    Task<WebSaleOutcome> PayAsync(WebSaleRequest request);

    /// <summary>Operation 3: the provider's tickets after the given one are cancelled (through <see cref="ITransactionCheckGrain"/>).</summary>
    Task<WebSaleOutcome> CheckTransactionsAsync(WebSaleRequest request);

    /// <summary>Operation 4: the published results of a turn's draws.</summary>
    Task<WebSaleOutcome> ResultsAsync(WebSaleRequest request);
}

/// <summary>
/// The transaction checks of one provider (key: its providercod, "42"), one at a time. A check
/// first records which tickets of which turns it will cancel, then has each turn cancel its share
/// (one commit per turn), then forgets the list. A check that stopped midway (a failed write, a
/// dead silo) is finished by the provider's next check before anything else, or by the grain's
/// reminder a minute later, so its cancellations all happen.
/// </summary>
public interface ITransactionCheckGrain : Orleans.IGrainWithStringKey
{
    /// <summary>
    /// Cancels every ticket of the provider registered after <paramref name="ticketNumber"/> that is
    /// neither cancelled nor paid, never that one: <see cref="WebSaleVerdict.Done"/> once all have
    /// committed; <see cref="WebSaleVerdict.UnknownTicket"/> or <see cref="WebSaleVerdict.TicketCancelled"/>
    /// for the given ticket. Throws when a cancellation could not commit (the check stays pending).
    /// </summary>
    Task<WebSaleVerdict> CheckAsync(string ticketNumber);

    /// <summary>The (turn, tickets) a check recorded and has not finished yet: empty unless one stopped midway.</summary>
    Task<IReadOnlyList<TurnCancellations>> PendingAsync();
}

/// <summary>The tickets a transaction check cancels in one turn (the turn grain's key, "01/1/2026-11-22").</summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record TurnCancellations(
    [property: Orleans.Id(0)] string TurnKey,
    [property: Orleans.Id(1)] IReadOnlyList<string> TicketNumbers);
