using Lottopar.GrainInterfaces.Lottery;

namespace Lottopar.Grains.Lottery;

/// <summary>
/// Where a checked sale goes to its turn's grain. The silo's implementation queues the sales of a
/// turn that arrive while its grain is busy and hands them over as one batch
/// (<see cref="ILotteryTurnGrain.SellManyAsync"/>): one call and one commit for many terminals.
/// </summary>
public interface ITurnSaleWindow
{
    /// <summary>Sells <paramref name="sale"/> on the turn grain <paramref name="turnKey"/>, alone or in a batch.</summary>
    Task<SaleOutcome> SellAsync(string turnKey, TicketSale sale);
}
