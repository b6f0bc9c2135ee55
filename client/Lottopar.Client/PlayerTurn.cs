namespace Lottopar.Client;

/// <summary>
/// One player's next event, handed out by <see cref="BettingEventGenerator.Next"/>. The player has no other
/// turn until this one is completed.
/// </summary>
public sealed class PlayerTurn
{
    private readonly BettingEventGenerator _generator;
    private readonly PlayerState _stateIfAccepted;
    private int _completed;

    internal PlayerTurn(BettingEventGenerator generator, int player, BettingEventRequest request, PlayerState stateIfAccepted)
    {
        _generator = generator;
        Player = player;
        Request = request;
        _stateIfAccepted = stateIfAccepted;
    }

    /// <summary>The simulated player's seat, 0 to Players - 1 (a seat may pass to a new CPF when a player runs out of money).</summary>
    public int Player { get; }

    /// <summary>The event to send.</summary>
    public BettingEventRequest Request { get; }

    /// <summary>
    /// Ends the turn. <paramref name="accepted"/>: the platform stored the event, so the player's balance and
    /// slips move on; otherwise the event is forgotten and the player's next event starts where this one did.
    /// </summary>
    public void Complete(bool accepted)
    {
        if (Interlocked.Exchange(ref _completed, 1) != 0)
        {
            throw new InvalidOperationException("This turn was already completed.");
        }

        _generator.EndTurn(Player, accepted ? _stateIfAccepted : null);
    }
}
