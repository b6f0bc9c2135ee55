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

    /// <summary>Operation 3: the provider's tickets after the given one are cancelled.</summary>
    Task<WebSaleOutcome> CheckTransactionsAsync(WebSaleRequest request);

    /// <summary>Operation 4: the published results of a turn's draws.</summary>
    Task<WebSaleOutcome> ResultsAsync(WebSaleRequest request);
}
