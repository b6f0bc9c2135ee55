using System.Globalization;
using Lottopar.GrainInterfaces.Betting;
using Lottopar.GrainInterfaces.Integrity;
using Lottopar.GrainInterfaces.Vault;
using Lottopar.Grains.Integrity;
using Lottopar.Grains.Integrity.Rules;
using Xunit;
using static Lottopar.Grains.Tests.Integrity.Observations;

namespace Lottopar.Grains.Tests.Integrity;

public sealed class OperatorRulesTests
{
    private static readonly FlaggedEventsRule Flagged = new();
    private static readonly RuleSetting ThreePerHour = Setting(Flagged, (FlaggedEventsRule.PerHour, 3));
    private static readonly DateTimeOffset Hour = new(2026, 12, 3, 15, 0, 0, TimeSpan.Zero);

    private static BetObservation FlaggedBet(DateTimeOffset at) => Bet(at, 1_000, flags: [BettingFlags.BalanceDiscontinuity]);

    private static RuleHit? FoldAndJudge(OperatorWindows windows, BetObservation bet)
    {
        windows.Fold(bet);
        return Flagged.Evaluate(bet, windows, ThreePerHour);
    }

    [Fact]
    public void TheThirdFlaggedEventInAnHourIsAHitUnflaggedOnesDoNotCount()
    {
        var windows = new OperatorWindows();
        var third = FlaggedBet(Hour.AddMinutes(50));

        Assert.Null(FoldAndJudge(windows, FlaggedBet(Hour.AddMinutes(5))));
        Assert.Null(FoldAndJudge(windows, Bet(Hour.AddMinutes(10), 1_000)));
        Assert.Null(FoldAndJudge(windows, FlaggedBet(Hour.AddMinutes(20))));
        Assert.Null(FoldAndJudge(windows, Bet(Hour.AddMinutes(30), 1_000)));
        var hit = FoldAndJudge(windows, third);

        Assert.NotNull(hit);
        Assert.StartsWith("3 eventos", hit.Summary, StringComparison.Ordinal);
        var evidence = Assert.Single(hit.Evidence);
        Assert.Equal((third.EventId.ToString(), BettingFlags.BalanceDiscontinuity), (evidence.Id, evidence.Detail));
        Assert.NotNull(FoldAndJudge(windows, FlaggedBet(Hour.AddMinutes(55))));
        Assert.Equal(4, windows.FlaggedInHourOf(Hour));
    }

    [Fact]
    public void AnUnflaggedEventIsNeverAHitEvenInABusyHour()
    {
        var windows = new OperatorWindows();
        for (var i = 0; i < 5; i++)
        {
            FoldAndJudge(windows, FlaggedBet(Hour.AddMinutes(i)));
        }

        Assert.Null(FoldAndJudge(windows, Bet(Hour.AddMinutes(30), 1_000)));
    }

    [Fact]
    public void AFlaggedEventInTheNextHourStartsANewCount()
    {
        var windows = new OperatorWindows();
        FoldAndJudge(windows, FlaggedBet(Hour.AddMinutes(10)));
        FoldAndJudge(windows, FlaggedBet(Hour.AddMinutes(59)));

        Assert.Null(FoldAndJudge(windows, FlaggedBet(Hour.AddHours(1))));
        Assert.Equal((2, 1), (windows.FlaggedInHourOf(Hour), windows.FlaggedInHourOf(Hour.AddHours(1))));
    }

    [Fact]
    public void HoursAreCountedInUtcWhateverTheOffsetOfTheEventDate()
    {
        var windows = new OperatorWindows();
        FoldAndJudge(windows, FlaggedBet(Hour.AddMinutes(10)));
        FoldAndJudge(windows, FlaggedBet(new DateTimeOffset(2026, 12, 3, 12, 20, 0, TimeSpan.FromHours(-3))));

        Assert.NotNull(FoldAndJudge(windows, FlaggedBet(Hour.AddMinutes(30))));
    }

    [Fact]
    public void TheSameEventFoldedTwiceCountsOnce()
    {
        var windows = new OperatorWindows();
        var first = FlaggedBet(Hour.AddMinutes(5));
        var second = FlaggedBet(Hour.AddMinutes(6));

        Assert.True(windows.Fold(first));
        Assert.True(windows.Fold(second));
        Assert.False(windows.Fold(second));
        Assert.False(windows.Fold(first));

        Assert.Equal(2, windows.FlaggedInHourOf(Hour));
        Assert.Null(Flagged.Evaluate(second, windows, ThreePerHour));
    }

    [Theory]
    [InlineData(VaultStreams.MissingHour)]
    [InlineData(VaultStreams.LateFile)]
    [InlineData(VaultStreams.SequenceGap)]
    [InlineData(VaultStreams.InvalidFile)]
    [InlineData(VaultStreams.SecurityViolation)]
    [InlineData(VaultStreams.WalletMismatch)]
    public void EachVaultRuleHitsOnItsOwnKindOnly(string kind)
    {
        var vaultEvent = new VaultEvent(Now, "OPR001", kind, "what happened", Guid.NewGuid());
        var rules = IntegrityRules.OfKind<VaultEventRule>().ToList();

        var hits = rules.Where(r => r.Evaluate(vaultEvent, r.Shipped) is not null).ToList();

        var rule = Assert.Single(hits);
        Assert.Equal(("vault_" + kind, kind), (rule.Id, rule.Kind));
        Assert.Equal(SubjectKind.Operator, rule.Subject);
    }

    [Fact]
    public void AnAcceptedFileIsNoVaultRulesHit()
    {
        var accepted = new VaultEvent(Now, "OPR001", VaultStreams.FileAccepted, "ok", Guid.NewGuid());

        Assert.All(IntegrityRules.OfKind<VaultEventRule>(), r => Assert.Null(r.Evaluate(accepted, r.Shipped)));
    }

    [Fact]
    public void AnInvalidFileIsAHitForTheInvalidFileRuleWithTheFileAsEvidence()
    {
        var rule = new VaultInvalidFileRule();
        var file = Guid.NewGuid();
        var invalid = new VaultEvent(Now, "OPR001", VaultStreams.InvalidFile, "totals do not add up", file, Codes: ["totals_mismatch"]);

        var hit = rule.Evaluate(invalid, rule.Shipped);

        Assert.NotNull(hit);
        Assert.Equal("totals do not add up", hit.Summary);
        Assert.Equal(new AlertEvidence(AlertEvidence.VaultFile, file.ToString(), Now, "totals do not add up"), Assert.Single(hit.Evidence));
        Assert.Null(rule.Evaluate(invalid with { Kind = VaultStreams.LateFile }, rule.Shipped));
    }

    [Fact]
    public void AVaultEventWithoutAFileIsEvidencedByItsKindAndHour()
    {
        var rule = new VaultMissingHourRule();
        var hour = new DateTimeOffset(2026, 12, 3, 13, 0, 0, TimeSpan.Zero);
        var missing = new VaultEvent(Now, "OPR001", VaultStreams.MissingHour, "no file for 13:00", Hour: hour);

        var evidence = Assert.Single(rule.Evaluate(missing, rule.Shipped)!.Evidence);

        Assert.Equal(AlertEvidence.VaultEvent, evidence.Kind);
        Assert.Equal("missing_hour:" + hour.ToString("O", CultureInfo.InvariantCulture), evidence.Id);
    }

    [Fact]
    public void AVaultEventWithoutFileOrHourIsEvidencedByItsKindAndSequence()
    {
        var rule = new VaultSequenceGapRule();
        var gap = new VaultEvent(Now, "OPR001", VaultStreams.SequenceGap, "sequence 41 to 44", Sequence: 44);

        Assert.Equal("sequence_gap:44", Assert.Single(rule.Evaluate(gap, rule.Shipped)!.Evidence).Id);
    }
}
