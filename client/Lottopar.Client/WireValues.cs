namespace Lottopar.Client;

// The wire records carry these as strings, not enums, so that a value the platform adds later
// still deserializes in an older client; the constants keep callers from misspelling them.

/// <summary>Values of <c>event</c>.</summary>
public static class BettingEventTypes
{
    public const string NewBet = "new_bet";
    public const string Result = "result";
    public const string Cancellation = "cancellation";
}

/// <summary>Values of <c>bet_slip_state</c>.</summary>
public static class BetSlipStates
{
    public const string Open = "open";
    public const string Settled = "settled";
    public const string Cancelled = "cancelled";
}

/// <summary>Values of a leg's <c>leg_state</c>.</summary>
public static class LegStates
{
    public const string Open = "open";
    public const string Won = "won";
    public const string Lost = "lost";
    public const string Void = "void";
}

/// <summary>Values of a leg's <c>result</c>.</summary>
public static class LegResults
{
    public const string Won = "won";
    public const string Lost = "lost";
    public const string Void = "void";
    public const string Push = "push";
}
