namespace Lottopar.GrainInterfaces.Payments;

/// <summary>
/// One deposit, keyed by its id (<see cref="PaymentIds.CashIn"/>): the player checked, the charge
/// created at the operator's PSP, then settled once from what the PSP says (never from a webhook's
/// body): paid by the player, completed; paid by anyone else, refunded.
/// </summary>
public interface ICashInGrain : Orleans.IGrainWithStringKey
{
    /// <summary>
    /// Creates the deposit, or answers the one this key already made when the request is the same
    /// (409 on "Idempotency-Key" when it is not).
    /// </summary>
    /// <param name="requestHash">The request's hash: the same key with another request is a conflict.</param>
    Task<CashInView> CreateAsync(string oprid, CashInRequest request, string requestHash);

    /// <summary>The deposit; 404 for another operator's or none.</summary>
    Task<CashInView> GetAsync(string oprid);

    /// <summary>
    /// Asks the PSP and settles a paid charge once. Safe to call any number of times (webhooks,
    /// reconciliation); null, asking nothing, when the deposit is not this operator's.
    /// </summary>
    Task<CashInView?> SettleAsync(string oprid);
}
