using Lottopar.GrainInterfaces.Integrity;
using Lottopar.Grains.Integrity;
using Lottopar.Grains.Integrity.Rules;
using Xunit;

namespace Lottopar.Grains.Tests.Integrity;

public sealed class PlayerScoreTests
{
    private static readonly RuleSetting Policy = Observations.Setting(new PlayerScorePolicy(),
        (PlayerScorePolicy.ReviewThreshold, 10), (PlayerScorePolicy.InterdictionThreshold, 20), (PlayerScorePolicy.WindowDays, 30));

    private static ScoreMark Mark(string evidence, string? oprid, long points, DateTimeOffset at, string rule = "bonus_bet") => new(rule, evidence, oprid, points, at);

    [Fact]
    public void AFindingIsWeighedOnceHoweverOftenItIsDelivered()
    {
        var marks = new List<ScoreMark>();

        Assert.True(SubjectScores.Add(marks, Mark("betting_event:1", "A", 3, Observations.Now)));
        Assert.False(SubjectScores.Add(marks, Mark("betting_event:1", "A", 3, Observations.Now)));
        Assert.True(SubjectScores.Add(marks, Mark("betting_event:1", "A", 3, Observations.Now, rule: "player_stake_limit")));
        Assert.Equal(6, SubjectScores.ScoreAt(marks, "A", Observations.Now, Policy, countFrom: null));
    }

    [Fact]
    public void TheScoreAtAnOperatorCountsItsFindingsAndThoseAcrossOperatorsInTheWindowSinceTheLastLift()
    {
        List<ScoreMark> marks =
        [
            Mark("1", "A", 3, Observations.Now.AddDays(-1)),
            Mark("2", "B", 10, Observations.Now.AddDays(-1)),
            Mark("3", null, 5, Observations.Now.AddDays(-2)),
            Mark("4", "A", 30, Observations.Now.AddDays(-31)),
        ];

        Assert.Equal(8, SubjectScores.ScoreAt(marks, "A", Observations.Now, Policy, countFrom: null));
        Assert.Equal(15, SubjectScores.ScoreAt(marks, "B", Observations.Now, Policy, countFrom: null));
        Assert.Equal(3, SubjectScores.ScoreAt(marks, "A", Observations.Now, Policy, countFrom: Observations.Now.AddDays(-1.5)));
    }

    [Theory]
    [InlineData(9, false, ScoreVerdict.None)]
    [InlineData(10, false, ScoreVerdict.Review)]
    [InlineData(19, false, ScoreVerdict.Review)]
    [InlineData(20, false, ScoreVerdict.Interdiction)]
    [InlineData(40, true, ScoreVerdict.Review)]
    public void TheVerdictFollowsTheThresholdsAndABlockedPlayerIsNotBlockedAgain(long score, bool blocked, ScoreVerdict verdict) =>
        Assert.Equal(verdict, SubjectScores.Judge(score, Policy, blocked));

    [Fact]
    public void ASeverityWeighsWhatThePolicySays()
    {
        var policy = Observations.Setting(new PlayerScorePolicy(), (PolicyRule.PointsHigh, 7));

        Assert.Equal((1L, 3L, 7L, 30L), (PolicyRule.PointsOf(RuleSeverity.Low, policy), PolicyRule.PointsOf(RuleSeverity.Medium, policy),
            PolicyRule.PointsOf(RuleSeverity.High, policy), PolicyRule.PointsOf(RuleSeverity.Critical, policy)));
    }

    [Fact]
    public void ABetOrDepositAtTheBlockingOperatorAfterTheBlockIsAViolationAndNothingElseIs()
    {
        var rule = new BlockedPlayerActivityRule();
        var setting = rule.Shipped;
        var windows = new PlayerWindows { Blocks = { ["A"] = Observations.Now } };

        Assert.NotNull(rule.Evaluate(Observations.Bet(Observations.Now.AddMinutes(1), 100, oprid: "A"), windows, setting));
        Assert.Null(rule.Evaluate(Observations.Bet(Observations.Now.AddMinutes(-1), 100, oprid: "A"), windows, setting));
        Assert.Null(rule.Evaluate(Observations.Bet(Observations.Now.AddMinutes(1), 100, oprid: "B"), windows, setting));
        Assert.Null(rule.Evaluate(Observations.Bet(Observations.Now.AddMinutes(1), 100, oprid: "A", kind: "result"), windows, setting));
        Assert.NotNull(rule.Evaluate(Observations.Deposit(Observations.Now.AddMinutes(1), 100, oprid: "A"), windows, setting));
        Assert.Null(rule.Evaluate(Observations.Deposit(Observations.Now.AddMinutes(1), 100, oprid: "A", outcome: "refunded"), windows, setting));
    }

    [Fact]
    public void AnOperatorsRiskWeighsItsOpenAlertsBySeverityGrowingWithAgeAndHalvedOnceAnswered()
    {
        var policy = new OperatorRiskPolicy().Shipped;
        const double Week = 7 * 86_400d;

        Assert.Equal(40, OperatorRiskPolicy.Risk([new(RuleSeverity.Critical, AlertStatus.Open, 1, 0), new(RuleSeverity.High, AlertStatus.Open, 1, 0)], policy));
        Assert.Equal(80, OperatorRiskPolicy.Risk([new(RuleSeverity.Critical, AlertStatus.Open, 1, Week), new(RuleSeverity.High, AlertStatus.Open, 1, Week)], policy));
        Assert.Equal(50, OperatorRiskPolicy.Risk([new(RuleSeverity.Critical, AlertStatus.Acknowledged, 1, Week), new(RuleSeverity.High, AlertStatus.Open, 1, Week)], policy));
        Assert.Equal(3, OperatorRiskPolicy.Risk([new(RuleSeverity.Low, AlertStatus.Open, 3, Week / 2), new(RuleSeverity.Critical, AlertStatus.Closed, 5, Week)], policy));
    }
}
