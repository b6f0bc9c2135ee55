using Lottopar.GrainInterfaces.Common;
using Lottopar.Runtime;

namespace Lottopar.GrainInterfaces.Lottery;

/// <summary>The lottery settings of the platform (one grain, key "default"): catalog, pay table, quotas.</summary>
public interface ILotteryCatalogGrain : IGrainWithStringKey
{
    /// <summary>The settings; the document's tables and the default quotas until LOTTOPAR changes them.</summary>
    Task<LotterySettings> GetAsync();

    /// <summary>Sets the quota of one draw (or, with <paramref name="quota"/> null, returns it to the default).</summary>
    Task<LotterySettings> SetDrawQuotaAsync(string drawCode, QuotaTable? quota, Actor actor);
}

/// <summary>
/// The sale desk of one turn of one lottery on one day (key "{lottery}/{turn}/{yyyy-MM-dd}", e.g.
/// "01/1/2026-11-22"). A ticket is one turn of one lottery, so a turn is the unit that sells a
/// ticket atomically: it holds what each number of its draws has sold against the draw's quota,
/// refuses sales after a draw's closing time (by the clock), and records cancellations, which
/// return the sold amounts to the quotas.
/// </summary>
public interface ILotteryTurnGrain : IGrainWithStringKey
{
    Task<SaleOutcome> SellAsync(TicketSale sale);

    /// <summary>Cancels a ticket of this turn sold by <paramref name="providerCode"/> within the cancellation window.</summary>
    Task<CancellationStatus> CancelAsync(string ticketNumber, int providerCode);
}
