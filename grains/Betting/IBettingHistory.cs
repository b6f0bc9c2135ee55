using Lottopar.GrainInterfaces.Betting;

namespace Lottopar.Grains.Betting;

/// <summary>
/// The event store, as the player grain reads it when it activates: the player's accepted events
/// after the last one its snapshot holds. The silo implements it over the betting_events table.
/// </summary>
public interface IBettingHistory
{
    IAsyncEnumerable<BettingEventRecord> PlayerEventsAfterAsync(string cpf, long afterSequence, CancellationToken cancellationToken);
}
