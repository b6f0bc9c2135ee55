namespace Lottopar.Client;

/// <summary>
/// How a simulated player bets: the next event from its state, and the state the platform will hold once
/// it accepts that event. Balances move only by the event's own rule, so every event's
/// <c>last_player_balance</c> is the previous <c>current_player_balance</c>.
/// </summary>
internal static class BettingBehaviour
{
    public const long MinStake = 100;
    public const long MaxStake = 50_000;
    public const int MaxOpenSlips = 3;
    public const int MinLegOdds = 120;
    public const int MaxLegOdds = 400;

    private const double SettleProbability = 0.45;
    private const double CancellationProbability = 0.05;
    private const double WinProbability = 0.40;
    private const double MultipleProbability = 0.35;
    private const double LiveProbability = 0.10;

    /// <summary>A new player: a CPF no other player has had and between R$ 200 and R$ 5.000 in the account.</summary>
    public static PlayerState NewPlayer(Random random, PlayerCpfs cpfs) =>
        new(cpfs.Next(random), random.Next(200, 5_001) * 100L, []);

    public static (BettingEventRequest Event, PlayerState Next) Step(PlayerState state, Random random, PlayerCpfs cpfs, EventIds ids, DateTimeOffset now)
    {
        if (state.OpenSlips.IsEmpty && state.Balance < MinStake)
        {
            // Out of money with nothing to settle. A deposit would break balance continuity (the API has no
            // deposit event), so the seat goes to a new player, whose first event opens its own balance.
            state = NewPlayer(random, cpfs);
        }

        var settle = !state.OpenSlips.IsEmpty
            && (state.OpenSlips.Count >= MaxOpenSlips || state.Balance < MinStake || random.NextDouble() < SettleProbability);
        return settle ? Settle(state, random, now) : PlaceBet(state, random, ids, now);
    }

    private static (BettingEventRequest, PlayerState) PlaceBet(PlayerState state, Random random, EventIds ids, DateTimeOffset now)
    {
        var legCount = random.NextDouble() < MultipleProbability ? random.Next(2, 5) : 1;
        var live = random.NextDouble() < LiveProbability;
        var legs = SportsCatalog.PickLegs(random, legCount, live, now, ids.NextLegId, () => random.Next(MinLegOdds, MaxLegOdds + 1) / 100m);
        var totalOdds = CombinedOdds(legs);
        var stake = Stake(random, state.Balance);
        var slip = new OpenSlip(ids.NextSlipId(), stake, totalOdds, live, legs);

        var current = state.Balance - stake;
        var request = Request(state, slip, BettingEventTypes.NewBet, BetSlipStates.Open, current, legs, now);
        return (request, state with { Balance = current, OpenSlips = state.OpenSlips.Add(slip) });
    }

    private static (BettingEventRequest, PlayerState) Settle(PlayerState state, Random random, DateTimeOffset now)
    {
        var index = random.Next(state.OpenSlips.Count);
        var slip = state.OpenSlips[index];
        var remaining = state.OpenSlips.RemoveAt(index);

        if (random.NextDouble() < CancellationProbability)
        {
            var refunded = state.Balance + slip.Stake;
            var voided = slip.Legs.Select(leg => leg with { LegState = LegStates.Void, Result = LegResults.Void }).ToList();
            var cancellation = Request(state, slip, BettingEventTypes.Cancellation, BetSlipStates.Cancelled, refunded, voided, now);
            return (cancellation, new PlayerState(state.TaxId, refunded, remaining));
        }

        var won = random.NextDouble() < WinProbability;
        var credit = won ? Payout(slip.Stake, slip.TotalOdds) : 0;
        var settledLegs = won ? WonLegs(slip) : slip.Legs.Select(leg => leg with { LegState = LegStates.Lost, Result = LegResults.Lost, AmountWon = 0 }).ToList();
        var current = state.Balance + credit;
        var result = Request(state, slip, BettingEventTypes.Result, BetSlipStates.Settled, current, settledLegs, now);
        return (result, new PlayerState(state.TaxId, current, remaining));
    }

    /// <summary>The product of the legs' odds, rounded to two decimals as bookmakers print them.</summary>
    public static decimal CombinedOdds(IEnumerable<BetLeg> legs) =>
        decimal.Round(legs.Aggregate(1m, (product, leg) => product * leg.Odds), 2, MidpointRounding.AwayFromZero);

    /// <summary>What a winning slip credits: the stake times the slip's odds, to the nearest centavo.</summary>
    public static long Payout(long stake, decimal totalOdds) =>
        (long)decimal.Round(stake * totalOdds, 0, MidpointRounding.AwayFromZero);

    /// <summary>
    /// Each leg won; amount_won runs up the accumulator as in the document's example (the stake times the
    /// odds so far), and the last leg carries exactly what the slip credits.
    /// </summary>
    private static List<BetLeg> WonLegs(OpenSlip slip)
    {
        var legs = new List<BetLeg>(slip.Legs.Count);
        var runningOdds = 1m;
        for (var i = 0; i < slip.Legs.Count; i++)
        {
            runningOdds *= slip.Legs[i].Odds;
            var amount = i == slip.Legs.Count - 1 ? Payout(slip.Stake, slip.TotalOdds) : Payout(slip.Stake, runningOdds);
            legs.Add(slip.Legs[i] with { LegState = LegStates.Won, Result = LegResults.Won, AmountWon = amount });
        }

        return legs;
    }

    /// <summary>
    /// Whole reais, log-uniform between R$ 1 and the smaller of R$ 500 and the balance: small stakes are
    /// common, large ones rare, and a stake never exceeds what the player has.
    /// </summary>
    private static long Stake(Random random, long balance)
    {
        var maxReais = Math.Min(MaxStake, balance) / 100;
        var reais = (long)Math.Floor(Math.Exp(random.NextDouble() * Math.Log(maxReais + 1)));
        return Math.Clamp(reais, 1, maxReais) * 100;
    }

    private static BettingEventRequest Request(
        PlayerState state, OpenSlip slip, string eventType, string slipState, long current, List<BetLeg> legs, DateTimeOffset now) =>
        new()
        {
            TaxId = state.TaxId,
            Event = eventType,
            LastPlayerBalance = state.Balance,
            CurrentPlayerBalance = current,
            EventDate = now,
            BetSlipId = slip.BetSlipId,
            BetSlipState = slipState,
            TotalStake = slip.Stake,
            TotalOdds = slip.TotalOdds,
            LegCount = legs.Count,
            IsLive = slip.IsLive,
            IsFreeBet = false,
            BonusAmount = 0,
            IsEachWay = false,
            BetLegs = legs,
        };
}
