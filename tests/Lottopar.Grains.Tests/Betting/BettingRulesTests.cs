using Lottopar.GrainInterfaces.Betting;
using Lottopar.GrainInterfaces.Common;
using Lottopar.Grains.Betting;
using Xunit;

namespace Lottopar.Grains.Tests.Betting;

public sealed class BettingRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 15, 0, 0, TimeSpan.Zero);

    private static BetLegSubmission Leg(string id, decimal odds, string? state = null, string? result = null) =>
        new(id, odds, null, null, null, null, null, null, null, null, null, null, null, null, state, result, null);

    /// <summary>The document's multiple new_bet (stake 10000, bonus 2000, legs 1.8 x 2.1 x 1.65, total 6.25).</summary>
    private static BettingEventSubmission Multiple(string kind = "new_bet", long last = 50000, long current = 40000, decimal totalOdds = 6.25m, params BetLegSubmission[] legs) =>
        new("012.345.678-90", kind, last, current, Now.AddHours(-1), "slip_multiple_456", null, 10000, totalOdds, legs.Length == 0 ? 3 : legs.Length,
            null, null, 2000, null, legs.Length == 0 ? [Leg("leg_001", 1.8m), Leg("leg_002", 2.1m), Leg("leg_003", 1.65m)] : legs, null);

    [Fact]
    public void TheDocumentsMultipleIsValidAndItsDefaultsApply()
    {
        var e = BettingEventRules.Validate(Multiple(), Now);

        Assert.Equal(("01234567890", BettingEventType.NewBet, 3), (e.Cpf, e.Event, e.BetLegs.Count));
        Assert.False(e.IsLive || e.IsFreeBet || e.IsEachWay);
        Assert.True(e.EventDateGiven);
    }

    [Theory]
    [InlineData(6.237, true)]
    [InlineData(6.299, true)]
    [InlineData(6.175, true)]
    [InlineData(6.30, false)]
    [InlineData(6.17, false)]
    public void TotalOddsOfAMultipleMayDifferFromTheProductByOnePercent(double totalOdds, bool valid)
    {
        // The legs multiply to 6.237; 1% of that is 0.06237.
        var attempt = () => BettingEventRules.Validate(Multiple(totalOdds: (decimal)totalOdds), Now);

        if (valid)
        {
            attempt();
        }
        else
        {
            Assert.Contains("total_odds", Assert.Throws<DomainValidationException>(attempt).Errors.Keys);
        }
    }

    [Fact]
    public void MissingEventDateBecomesTheTimeOfReceipt()
    {
        var e = BettingEventRules.Validate(Multiple() with { EventDate = null }, Now);

        Assert.Equal((Now, false), (e.EventDate, e.EventDateGiven));
    }

    [Theory]
    [InlineData("new_bet", 50000, 40000, true)]   // the stake leaves the balance
    [InlineData("new_bet", 50000, 42000, true)]   // only the part the bonus did not pay
    [InlineData("new_bet", 50000, 41000, false)]
    [InlineData("new_bet", 50000, 50000, false)]
    [InlineData("result", 40000, 102500, true)]   // the document's result: 10000 x 6.25
    [InlineData("result", 40000, 102501, false)]  // more than the slip can pay
    [InlineData("result", 40000, 39999, false)]   // a result takes nothing
    [InlineData("cancellation", 40000, 50000, true)] // the stake back
    [InlineData("cancellation", 40000, 50001, false)]
    public void BalanceChangeMustFitTheEvent(string kind, long last, long current, bool plausible)
    {
        var e = BettingEventRules.Validate(Multiple(kind, last, current), Now);

        Assert.Equal(plausible, BalanceRules.IsPlausible(e));
    }

    [Fact]
    public void ResultWithEveryLegLostMustNotCreditAnything()
    {
        var lost = new[] { Leg("a", 1.8m, "lost", "lost"), Leg("b", 2.1m, "lost", "lost"), Leg("c", 1.65m, "lost", "lost") };

        Assert.True(BalanceRules.IsPlausible(BettingEventRules.Validate(Multiple("result", 40000, 40000, legs: lost), Now)));
        Assert.False(BalanceRules.IsPlausible(BettingEventRules.Validate(Multiple("result", 40000, 40100, legs: lost), Now)));
    }

    [Fact]
    public void DiscontinuityAndFutureDatesAreFlaggedByThePlayerRules()
    {
        var e = BettingEventRules.Validate(Multiple() with { EventDate = Now.AddMinutes(6) }, Now);

        Assert.Equal(["balance_discontinuity", "event_date_in_future"], BalanceRules.Judge(previousBalance: 49000, e, Now));
        Assert.Empty(BalanceRules.Judge(previousBalance: 50000, e with { EventDate = Now.AddMinutes(4) }, Now));
        Assert.Empty(BalanceRules.Judge(previousBalance: null, e with { EventDate = Now }, Now));
    }

    public static TheoryData<BetSlipState?, string, BetSlipState, string?> Lifecycle => new()
    {
        { null, "new_bet", BetSlipState.Open, null },
        { null, "result", BetSlipState.Settled, BettingFlags.OrphanResult },
        { null, "cancellation", BetSlipState.Cancelled, BettingFlags.OrphanCancellation },
        { BetSlipState.Open, "new_bet", BetSlipState.Open, BettingFlags.DuplicateNewBet },
        { BetSlipState.Open, "result", BetSlipState.Settled, null },
        { BetSlipState.Open, "cancellation", BetSlipState.Cancelled, null },
        { BetSlipState.Settled, "result", BetSlipState.Settled, BettingFlags.DuplicateSettlement },
        { BetSlipState.Settled, "cancellation", BetSlipState.Settled, BettingFlags.CancellationAfterSettlement },
        { BetSlipState.Cancelled, "result", BetSlipState.Cancelled, BettingFlags.ResultAfterCancellation },
        { BetSlipState.Cancelled, "cancellation", BetSlipState.Cancelled, BettingFlags.DuplicateCancellation },
    };

    [Theory]
    [MemberData(nameof(Lifecycle))]
    public void SlipLifecycleMovesOnlyForwardAndFlagsEveryBreach(BetSlipState? current, string kind, BetSlipState next, string? flag)
    {
        var e = BettingEventRules.Validate(Multiple(kind), Now);

        var (state, flags) = SlipRules.Apply(current, current is null ? null : SlipTerms.Of(e), current is null ? null : e.Cpf, e);

        Assert.Equal(next, state);
        Assert.Equal(flag is null ? [] : [flag], flags);
    }

    [Fact]
    public void ChangedTermsPlayerOrReportedStateAreFlagged()
    {
        var placed = BettingEventRules.Validate(Multiple(), Now);
        var changed = BettingEventRules.Validate(Multiple("result", 40000, 40000) with { TotalStake = 9000, BetSlipState = "open", TaxId = "529.982.247-25" }, Now);

        var (_, flags) = SlipRules.Apply(BetSlipState.Open, SlipTerms.Of(placed), placed.Cpf, changed);

        Assert.Equal([BettingFlags.SlipChanged, BettingFlags.PlayerChanged, BettingFlags.StateMismatch], flags);
    }
}
