using Lottopar.GrainInterfaces.Common;

namespace Lottopar.GrainInterfaces.Lottery;

/// <summary>The lottery settings of the platform (one grain, key "default"): catalog, pay table, quotas.</summary>
public interface ILotteryCatalogGrain : Orleans.IGrainWithStringKey
{
    /// <summary>The settings; the document's tables and the default quotas until LOTTOPAR changes them.</summary>
    Task<LotterySettings> GetAsync();

    /// <summary>Replaces the catalog (lotteries, draws, turns, closing times, number types, pay table) after validating it whole.</summary>
    Task<LotterySettings> ReplaceCatalogAsync(LotteryCatalog catalog, Actor actor);

    /// <summary>
    /// Changes the quota of one draw: each number type given takes the new amount, the others keep
    /// theirs. A change that names no number type is refused (it would change nothing by accident).
    /// </summary>
    Task<LotterySettings> ChangeDrawQuotaAsync(string drawCode, QuotaChange change, Actor actor);

    /// <summary>Returns one draw to the default quota.</summary>
    Task<LotterySettings> ResetDrawQuotaAsync(string drawCode, Actor actor);
}

/// <summary>
/// The sale desk of one turn of one lottery on one day (key "{lottery}/{turn}/{yyyy-MM-dd}", e.g.
/// "01/1/2026-11-22"). A ticket is one turn of one lottery, so a turn is the unit that sells a
/// ticket atomically: it holds what each number of its draws has sold against the draw's quota,
/// refuses sales after a draw's closing time (by the clock), and records cancellations, which
/// return the sold amounts to the quotas.
/// </summary>
public interface ILotteryTurnGrain : Orleans.IGrainWithStringKey
{
    Task<SaleOutcome> SellAsync(TicketSale sale);

    /// <summary>Sells several tickets in one commit: the outcomes are those of selling them one by one, in order.</summary>
    Task<IReadOnlyList<SaleOutcome>> SellManyAsync(IReadOnlyList<TicketSale> batch);

    /// <summary>
    /// Cancels a ticket of this turn sold by <paramref name="providerCode"/>: for a POS
    /// (<see cref="CancellationReason.Pos"/>) only within the cancellation window; for a transaction
    /// check at any time, as long as it is not paid.
    /// </summary>
    Task<CancellationStatus> CancelAsync(string ticketNumber, int providerCode, CancellationReason reason);

    /// <summary>
    /// A transaction check's cancellations in this turn: every ticket of <paramref name="ticketNumbers"/>
    /// sold by <paramref name="providerCode"/> that is neither paid nor cancelled, in one commit (all
    /// or none). Returns how many it cancelled; the others were already settled or not this turn's.
    /// </summary>
    Task<int> CancelForTransactionCheckAsync(IReadOnlyList<string> ticketNumbers, int providerCode);

    /// <summary>Registers a winning ticket as paid, with its prize computed from the draws' published results and the pay table.</summary>
    Task<PaymentOutcome> PayAsync(string ticketNumber, int providerCode);
}

/// <summary>
/// One draw on one day (key "{draw}/{yyyy-MM-dd}", e.g. "13/2026-11-22"): its official result,
/// entered by one LOTTOPAR staff member and published only when a second one confirms it by
/// entering the same result again (two-person rule).
/// </summary>
public interface ILotteryDrawGrain : Orleans.IGrainWithStringKey
{
    Task<DrawResultView> GetAsync();

    /// <summary>Enters (or re-enters, before confirmation) the result; only after the draw's closing time.</summary>
    Task<DrawResultView> EnterResultAsync(DrawResult result, Actor staff);

    /// <summary>Publishes the entered result when <paramref name="result"/> is the same and <paramref name="staff"/> is not who entered it.</summary>
    Task<DrawResultView> ConfirmResultAsync(DrawResult result, Actor staff);
}
