using System.Collections.Concurrent;

namespace Lottopar.Client;

/// <summary>
/// A realistic, self-consistent stream of betting events from simulated players, for load tests and demos.
/// Each player has a valid CPF of its own (no two players of a generator share one) and a balance in
/// centavos; it places bets (<c>new_bet</c>, debiting the stake)
/// and later has them settled (<c>result</c>: won about 40% of the time, crediting the stake times the odds)
/// or, now and then, cancelled (<c>cancellation</c>, refunding the stake).
/// </summary>
/// <remarks>
/// <para>
/// The generator hands out <em>turns</em>: <see cref="Next"/> gives the next event of a player that has no
/// event in flight, and that player gets no other turn until <see cref="PlayerTurn.Complete"/> is called.
/// So the events of one player come out in order and are never sent concurrently, however many tasks
/// call <see cref="Next"/>.
/// </para>
/// <para>
/// A turn completed as refused (a 429, a network error) is forgotten: the player's next event continues
/// from its last accepted one, so the platform never sees a gap in the balance because of the load test.
/// </para>
/// </remarks>
public sealed class BettingEventGenerator
{
    private readonly Seat[] _seats;
    private readonly ConcurrentQueue<int> _idleSeats = new();
    private readonly EventIds _ids;
    private readonly PlayerCpfs _cpfs = new();
    private readonly TimeProvider _time;

    /// <param name="players">How many players bet at the same time (at least 1).</param>
    /// <param name="seed">Makes each player's behaviour reproducible and the identifiers of the run distinct.</param>
    /// <param name="timeProvider">The clock of <c>event_date</c>; the system clock by default.</param>
    public BettingEventGenerator(int players, int seed, TimeProvider? timeProvider = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(players, 1);
        _ids = new EventIds(seed);
        _time = timeProvider ?? TimeProvider.System;
        _seats = new Seat[players];
        for (var i = 0; i < players; i++)
        {
            // One Random per player: its behaviour does not depend on how calls from many tasks interleave.
            var random = new Random(HashCode.Combine(seed, i));
            _seats[i] = new Seat(random, BettingBehaviour.NewPlayer(random, _cpfs));
            _idleSeats.Enqueue(i);
        }
    }

    /// <summary>How many players the generator simulates: the most events that can be in flight at once.</summary>
    public int Players => _seats.Length;

    /// <summary>
    /// The next event of a player with nothing in flight, or null when every player has an event in flight.
    /// Thread-safe. The caller must <see cref="PlayerTurn.Complete"/> the turn once the platform has answered.
    /// </summary>
    public PlayerTurn? Next()
    {
        if (!_idleSeats.TryDequeue(out var index))
        {
            return null;
        }

        // Only the holder of the turn touches the seat; the queue orders the hand-over between threads.
        var seat = _seats[index];
        var now = _time.GetUtcNow();
        var eventDate = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
        var (request, next) = BettingBehaviour.Step(seat.State, seat.Random, _cpfs, _ids, eventDate);
        return new PlayerTurn(this, index, request, next);
    }

    /// <summary>
    /// <paramref name="count"/> events in order, each treated as accepted: a stream to print, save or replay
    /// from one thread. Throws when other callers hold every player's turn.
    /// </summary>
    public IReadOnlyList<BettingEventRequest> TakeAccepted(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var events = new List<BettingEventRequest>(count);
        for (var i = 0; i < count; i++)
        {
            var turn = Next() ?? throw new InvalidOperationException("Every player has an event in flight.");
            events.Add(turn.Request);
            turn.Complete(accepted: true);
        }

        return events;
    }

    internal void EndTurn(int index, PlayerState? acceptedState)
    {
        if (acceptedState is not null)
        {
            _seats[index].State = acceptedState;
        }

        _idleSeats.Enqueue(index);
    }

    private sealed class Seat(Random random, PlayerState state)
    {
        public Random Random { get; } = random;

        public PlayerState State { get; set; } = state;
    }
}
