using Lottopar.GrainInterfaces.Betting;

namespace Lottopar.Grains.Betting;

/// <summary>
/// The event store, as grains read it when they activate: the player grain the events after the
/// last one its snapshot holds, the integrity module's player watch the recent ones. The silo
/// implements it over the betting_events table.
/// </summary>
public interface IBettingHistory
{
    IAsyncEnumerable<BettingEventRecord> PlayerEventsAfterAsync(string cpf, long afterSequence, CancellationToken cancellationToken);

    /// <summary>The player's events received at or after <paramref name="since"/>, at every operator.</summary>
    IAsyncEnumerable<BettingEventRecord> PlayerEventsSinceAsync(string cpf, DateTimeOffset since, CancellationToken cancellationToken);
}
