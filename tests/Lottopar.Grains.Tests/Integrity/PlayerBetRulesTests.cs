using Lottopar.GrainInterfaces.Betting;
using Lottopar.GrainInterfaces.Integrity;
using Lottopar.Grains.Integrity;
using Lottopar.Grains.Integrity.Rules;
using Xunit;
using static Lottopar.Grains.Tests.Integrity.Observations;

namespace Lottopar.Grains.Tests.Integrity;

public sealed class PlayerBetRulesTests
{
    private static readonly ExcludedPlayerBetRule Excluded = new();
    private static readonly PlayerStakeLimitRule StakeLimit = new();
    private static readonly BonusBetRule Bonus = new();

    private static readonly RuleSetting Limits = Setting(StakeLimit, (PlayerStakeLimitRule.DailyLimit, 10_000), (PlayerStakeLimitRule.WeeklyLimit, 50_000));

    private static RuleHit? JudgeLast(PlayerBetRule rule, RuleSetting setting, params BetObservation[] bets) =>
        rule.Evaluate(bets[^1], WindowsOf(bets), setting);

    [Fact]
    public void ABetFlaggedSelfExcludedIsAHitWithTheEventAsEvidence()
    {
        var bet = Bet(Now, 2_500, flags: [BettingFlags.BalanceDiscontinuity, BettingFlags.SelfExcludedPlayer]);

        var hit = JudgeLast(Excluded, Excluded.Shipped, bet);

        Assert.NotNull(hit);
        Assert.False(hit.AcrossOperators);
        var evidence = Assert.Single(hit.Evidence);
        Assert.Equal((AlertEvidence.BettingEvent, bet.EventId.ToString(), Now), (evidence.Kind, evidence.Id, evidence.At));
        Assert.Contains(bet.BetSlipId, hit.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void ABetWithOtherFlagsOrNoneIsNoHitForTheExclusionRule()
    {
        Assert.Null(JudgeLast(Excluded, Excluded.Shipped, Bet(Now, 2_500, flags: [BettingFlags.BalanceDiscontinuity, BettingFlags.DuplicateNewBet])));
        Assert.Null(JudgeLast(Excluded, Excluded.Shipped, Bet(Now, 2_500)));
    }

    [Fact]
    public void StakesAtTwoOperatorsOnOneBrasiliaDayOverTheDailyLimitAreAHitAcrossOperators()
    {
        var morning = Bet(Now.AddHours(-3), 6_000, "OPR001");
        var afternoon = Bet(Now.AddHours(1), 4_001, "OPR002");

        var hit = JudgeLast(StakeLimit, Limits, morning, afternoon);

        Assert.NotNull(hit);
        Assert.True(hit.AcrossOperators);
        Assert.Equal(afternoon.EventId.ToString(), Assert.Single(hit.Evidence).Id);
        Assert.Contains("limite diário", hit.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void StakesExactlyAtTheDailyLimitAreNoHit() =>
        Assert.Null(JudgeLast(StakeLimit, Limits, Bet(Now.AddHours(-3), 6_000, "OPR001"), Bet(Now.AddHours(1), 4_000, "OPR002")));

    [Fact]
    public void AStakeAtTwoInTheMorningUtcCountsOnThePreviousBrasiliaDay()
    {
        var wednesdayNoon = Bet(new DateTimeOffset(2026, 12, 2, 15, 0, 0, TimeSpan.Zero), 6_000, "OPR001");
        var wednesdayLate = Bet(new DateTimeOffset(2026, 12, 3, 2, 0, 0, TimeSpan.Zero), 4_001, "OPR002");
        var thursdayMidnight = Bet(new DateTimeOffset(2026, 12, 3, 3, 0, 0, TimeSpan.Zero), 4_001, "OPR002");

        Assert.NotNull(JudgeLast(StakeLimit, Limits, wednesdayNoon, wednesdayLate));
        Assert.Null(JudgeLast(StakeLimit, Limits, wednesdayNoon, thursdayMidnight));
    }

    [Theory]
    [InlineData("result")]
    [InlineData("cancellation")]
    public void AResultOrCancellationIsNeverAHitEvenOverTheLimit(string kind)
    {
        var overTheLimit = Bet(Now.AddHours(-1), 30_000);
        var settlement = Bet(Now, 30_000, kind: kind);

        Assert.NotNull(JudgeLast(StakeLimit, Limits, overTheLimit));
        Assert.Null(JudgeLast(StakeLimit, Limits, overTheLimit, settlement));
    }

    [Fact]
    public void StakesOnSevenDaysOverTheWeeklyLimitAreAHitThoughEachDayIsUnderTheDailyLimit()
    {
        var bets = Enumerable.Range(0, 7).Select(d => Bet(Now.AddDays(d - 6), 8_000, d % 2 == 0 ? "OPR001" : "OPR002")).ToArray();

        var hit = JudgeLast(StakeLimit, Limits, bets);

        Assert.NotNull(hit);
        Assert.True(hit.AcrossOperators);
        Assert.Contains("sete dias", hit.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void AStakeSevenBrasiliaDaysBeforeIsOutsideTheWeek()
    {
        var sevenDaysBeforeLateEvening = Bet(new DateTimeOffset(2026, 11, 27, 2, 0, 0, TimeSpan.Zero), 8_000);
        var lastSixDays = Enumerable.Range(0, 6).Select(d => Bet(Now.AddDays(d - 5), 8_000, "OPR002")).ToArray();

        Assert.Null(JudgeLast(StakeLimit, Limits, [sevenDaysBeforeLateEvening, .. lastSixDays]));
        Assert.NotNull(JudgeLast(StakeLimit, Limits, [Bet(Now.AddDays(-6), 8_000), .. lastSixDays]));
    }

    [Fact]
    public void UnderPolicyZeroABonusIsAHit()
    {
        var hit = JudgeLast(Bonus, Bonus.Shipped, Bet(Now, 10_000, bonus: 1));

        Assert.NotNull(hit);
        Assert.False(hit.AcrossOperators);
        Assert.Single(hit.Evidence);
    }

    [Fact]
    public void UnderPolicyZeroAFreeBetIsAHit() =>
        Assert.NotNull(JudgeLast(Bonus, Bonus.Shipped, Bet(Now, 10_000, freeBet: true)));

    [Fact]
    public void ABetWithNeitherBonusNorFreeBetIsNoHit() =>
        Assert.Null(JudgeLast(Bonus, Bonus.Shipped, Bet(Now, 10_000)));

    [Theory]
    [InlineData("result")]
    [InlineData("cancellation")]
    public void OnlyANewBetIsJudgedForItsBonus(string kind) =>
        Assert.Null(JudgeLast(Bonus, Bonus.Shipped, Bet(Now, 10_000, kind: kind, bonus: 5_000, freeBet: true)));

    [Theory]
    [InlineData(1_000, false, 10_000, false)]
    [InlineData(1_001, false, 10_000, true)]
    [InlineData(0, true, 5_000, true)]
    [InlineData(0, true, 1_000, false)]
    [InlineData(1_001, true, 800, true)]
    public void UnderPolicyOneOnlyABonusOverTheLimitPerBetIsAHitAndAFreeBetIsItsWholeStake(long bonus, bool freeBet, long stake, bool hits)
    {
        var allowed = Setting(Bonus, (BonusBetRule.Policy, 1), (BonusBetRule.MaxBonusPerBet, 1_000));

        var hit = JudgeLast(Bonus, allowed, Bet(Now, stake, bonus: bonus, freeBet: freeBet));

        Assert.Equal(hits, hit is not null);
    }
}
