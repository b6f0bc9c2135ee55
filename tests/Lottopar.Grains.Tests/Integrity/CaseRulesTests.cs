using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Integrity;
using Lottopar.Grains.Integrity;
using Xunit;

namespace Lottopar.Grains.Tests.Integrity;

public sealed class CaseRulesTests
{
    private static readonly CaseAlert Alert = new(Guid.NewGuid(), "bonus_bet@1", "OPR001", "bonus_bet/player/p1/OPR001");

    private static CaseEntry Entry(string kind, int minutes = 0) => new(kind, "staff:ana", Observations.Now.AddMinutes(minutes), kind);

    private static IntegrityCaseState Opened()
    {
        var state = new IntegrityCaseState();
        CaseRules.Open(state, "Caso", [Alert, Alert], Entry("opened"));
        return state;
    }

    [Fact]
    public void ACaseOpensWithItsAlertsOnceAndNeedsATitleAndAnAlert()
    {
        var state = Opened();

        Assert.Equal((CaseStatus.Open, 1, 1), (state.Status, state.Level, state.Alerts.Count));
        var refused = Assert.Throws<DomainValidationException>(() => CaseRules.Open(new IntegrityCaseState(), " ", [], Entry("opened")));
        Assert.Equal(["alertIds", "title"], refused.Errors.Keys.Order());
        Assert.Throws<DomainConflictException>(() => CaseRules.Open(state, "Outro", [Alert], Entry("opened")));
    }

    [Fact]
    public void EscalationStopsAtTheHighestLevel()
    {
        var state = Opened();
        CaseRules.Escalate(state, Entry("escalated"));
        CaseRules.Escalate(state, Entry("escalated"));

        Assert.Equal(CaseRules.MaxLevel, state.Level);
        Assert.Throws<DomainConflictException>(() => CaseRules.Escalate(state, Entry("escalated")));
    }

    [Fact]
    public void ASuspensionEndsAtALaterInstantAndTheCaseReopensThenNotBefore()
    {
        var state = Opened();
        Assert.Throws<DomainValidationException>(() => CaseRules.Suspend(state, Observations.Now, Entry("suspended")));
        Assert.Throws<DomainValidationException>(() => CaseRules.Suspend(state, Observations.Now.AddDays(366), Entry("suspended")));
        CaseRules.Suspend(state, Observations.Now.AddHours(1), Entry("suspended"));

        Assert.False(CaseRules.ReopenIfDue(state, Observations.Now.AddMinutes(59), "system"));
        Assert.Equal(CaseStatus.Suspended, state.Status);
        Assert.True(CaseRules.ReopenIfDue(state, Observations.Now.AddHours(1), "system"));
        Assert.Equal((CaseStatus.Open, (DateTimeOffset?)null, "reopened"), (state.Status, state.SuspendedUntil, state.Timeline[^1].Kind));
        Assert.False(CaseRules.ReopenIfDue(state, Observations.Now.AddHours(2), "system"));
    }

    [Fact]
    public void AClosedCaseChangesNoMoreAndAnUnopenedOneIsNotFound()
    {
        var state = Opened();
        CaseRules.Close(state, CaseResolution.FalsePositive, Entry("closed"));

        Assert.Equal((CaseStatus.Closed, CaseResolution.FalsePositive), (state.Status, state.Resolution));
        Assert.Throws<DomainConflictException>(() => CaseRules.Note(state, Entry("comment")));
        Assert.Throws<DomainConflictException>(() => CaseRules.Close(state, CaseResolution.Confirmed, Entry("closed")));
        Assert.Throws<DomainNotFoundException>(() => CaseRules.Note(new IntegrityCaseState(), Entry("comment")));
    }

    [Fact]
    public void ClassifyingStartsTheClockOnlyWhenTheCategoryChangesAndAReportNeedsItsProtocol()
    {
        var state = Opened();

        CaseRules.Classify(state, CaseCategory.MatchFixing, Entry("classified", 10));
        CaseRules.Classify(state, CaseCategory.MatchFixing, Entry("classified", 20));
        Assert.Equal((CaseCategory.MatchFixing, Observations.Now.AddMinutes(10)), (state.Category, state.CategorizedAt));
        CaseRules.Classify(state, CaseCategory.Fraud, Entry("classified", 30));
        Assert.Equal(Observations.Now.AddMinutes(30), state.CategorizedAt);

        var refused = Assert.Throws<DomainValidationException>(() => CaseRules.Report(state, CaseAuthority.Coaf, "  ", Entry("reported")));
        Assert.Equal(["protocol"], refused.Errors.Keys);
        var report = CaseRules.Report(state, CaseAuthority.Coaf, " RIF-123 ", Entry("reported", 40));
        Assert.Equal(new CaseReport(CaseAuthority.Coaf, "RIF-123", Observations.Now.AddMinutes(40), "staff:ana"), Assert.Single(state.Reports));
        Assert.Equal(report, state.Reports[0]);
        Assert.Throws<DomainNotFoundException>(() => CaseRules.Report(new IntegrityCaseState(), CaseAuthority.Spa, "x", Entry("reported")));
    }
}

public sealed class ShadowVersionTests
{
    private static readonly IntegrityRule Rule = new Lottopar.Grains.Integrity.Rules.PlayerStakeLimitRule();
    private static readonly Actor Ana = new(ActorKind.Staff, "ana@lottopar.pr.gov.br");
    private static readonly Actor Bia = new(ActorKind.Staff, "bia@lottopar.pr.gov.br");

    [Fact]
    public void AnApprovedShadowRunsBesideTheVersionInForceAndReplacesOnlyTheShadowBeforeIt()
    {
        var first = RulebookRules.Propose(Rule, RulebookRules.VersionsOf(Rule, []), new RuleChange(null, null, new Dictionary<string, long> { ["daily_limit"] = 5_000 }, "sombra", Shadow: true), Ana, Observations.Now);
        var stored = RulebookRules.Decide(Rule, [first], first.Version, true, null, Bia, Observations.Now);
        var second = RulebookRules.Propose(Rule, RulebookRules.VersionsOf(Rule, stored), new RuleChange(null, null, new Dictionary<string, long> { ["daily_limit"] = 6_000 }, "outra sombra", Shadow: true), Ana, Observations.Now);
        stored = RulebookRules.Decide(Rule, [.. stored, second], second.Version, true, null, Bia, Observations.Now);

        Assert.Equal(1, RulebookRules.InForce(RulebookRules.VersionsOf(Rule, stored)).Version);
        Assert.Equal([RuleVersionStatus.Superseded, RuleVersionStatus.Shadow], stored.Select(v => v.Status));
        stored = RulebookRules.StopShadow(Rule, stored, second.Version);
        Assert.All(stored, v => Assert.Equal(RuleVersionStatus.Superseded, v.Status));
        Assert.Throws<DomainConflictException>(() => RulebookRules.StopShadow(Rule, stored, second.Version));
    }

}
