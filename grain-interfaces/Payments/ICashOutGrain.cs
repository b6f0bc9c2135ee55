namespace Lottopar.GrainInterfaces.Payments;

/// <summary>
/// One payout, keyed by its id (<see cref="PaymentIds.CashOut"/>, also its id at the PSP): written
/// as pending before the PSP is asked, sent under that id (the PSP sends nothing twice for it), and
/// settled from what the PSP says: completed, failed (nothing moved) or, later, returned.
/// </summary>
public interface ICashOutGrain : Orleans.IGrainWithStringKey
{
    /// <summary>
    /// Creates the payout to the player's registered account and sends it; the one this key already
    /// made when the request is the same (409 on "Idempotency-Key" when it is not). A payout whose
    /// outcome the PSP did not tell stays pending, answered as such.
    /// </summary>
    Task<CashOutView> CreateAsync(string oprid, CashOutRequest request, string requestHash);

    /// <summary>The payout; 404 for another operator's or none.</summary>
    Task<CashOutView> GetAsync(string oprid);

    /// <summary>
    /// Asks the PSP what became of the payout (sending it again under the same id when the PSP never
    /// got it) and settles it once; for a completed one, whether it was returned. Null, asking
    /// nothing, when the payout is not this operator's.
    /// </summary>
    Task<CashOutView?> SettleAsync(string oprid);
}
