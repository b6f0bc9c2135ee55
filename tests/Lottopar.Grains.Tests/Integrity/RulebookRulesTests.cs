using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Integrity;
using Lottopar.Grains.Integrity;
using Lottopar.Grains.Integrity.Rules;
using Xunit;
using static Lottopar.Grains.Tests.Integrity.Observations;

namespace Lottopar.Grains.Tests.Integrity;

public sealed class RulebookRulesTests
{
    private static readonly PlayerStakeLimitRule Rule = new();
    private static readonly Actor Ana = new(ActorKind.Staff, "ana");
    private static readonly Actor Bruno = new(ActorKind.Staff, "bruno");

    private static RuleChange Daily(long limit, string reason = "Limite revisto pela diretoria.") =>
        new(null, null, new Dictionary<string, long> { [PlayerStakeLimitRule.DailyLimit] = limit }, reason);

    private static IReadOnlyList<RuleVersionView> Shipped() => RulebookRules.VersionsOf(Rule, null);

    private static Dictionary<string, string[]> Refusal(RuleChange change) =>
        Assert.Throws<DomainValidationException>(() => RulebookRules.Propose(Rule, Shipped(), change, Ana, Now)).Errors;

    /// <summary>Proposes by Ana and decides by <paramref name="decider"/>; returns the stored versions (after the shipped one).</summary>
    private static IReadOnlyList<RuleVersionView> ProposeAndDecide(IReadOnlyList<RuleVersionView> stored, RuleChange change, bool approve, Actor decider)
    {
        var proposal = RulebookRules.Propose(Rule, RulebookRules.VersionsOf(Rule, stored), change, Ana, Now);
        return RulebookRules.Decide(Rule, [.. stored, proposal], proposal.Version, approve, approve ? null : "Sem base.", decider, Now.AddHours(1));
    }

    [Fact]
    public void VersionOneIsTheShippedSettingAndInForce()
    {
        var version = Assert.Single(Shipped());

        Assert.Equal((1, RuleVersionStatus.Active, true, RuleSeverity.Medium), (version.Version, version.Status, version.Enabled, version.Severity));
        Assert.Equal(Rule.Shipped.Parameters, version.Parameters);
        Assert.Equal(1, RulebookRules.InForce(Shipped()).Version);
    }

    [Fact]
    public void AProposalIsTheNextVersionWaitingAndKeepsTheParametersItDoesNotName()
    {
        var proposal = RulebookRules.Propose(Rule, Shipped(), Daily(1_000_000, "  Limite revisto.  "), Ana, Now);

        Assert.Equal((2, RuleVersionStatus.Proposed, true, RuleSeverity.Medium), (proposal.Version, proposal.Status, proposal.Enabled, proposal.Severity));
        Assert.Equal(1_000_000, proposal.Parameters[PlayerStakeLimitRule.DailyLimit]);
        Assert.Equal(Rule.Shipped[PlayerStakeLimitRule.WeeklyLimit], proposal.Parameters[PlayerStakeLimitRule.WeeklyLimit]);
        Assert.Equal(("Limite revisto.", "staff:ana", Now), (proposal.Reason, proposal.ProposedBy, proposal.ProposedAt));
        Assert.Null(proposal.DecidedBy);
    }

    [Fact]
    public void AnUnknownParameterIsRefusedByName() =>
        Assert.Contains("parameters.monthly_limit", Refusal(new RuleChange(null, null, new Dictionary<string, long> { ["monthly_limit"] = 1_000 }, "Motivo.")).Keys);

    [Theory]
    [InlineData(99)]
    [InlineData(1_000_000_000_001)]
    public void AParameterOutOfItsBoundsIsRefusedByName(long limit) =>
        Assert.Equal(["parameters.daily_limit"], Refusal(Daily(limit)).Keys);

    [Theory]
    [InlineData(100)]
    [InlineData(1_000_000_000_000)]
    public void AParameterAtItsBoundsIsAccepted(long limit) =>
        Assert.Equal(limit, RulebookRules.Propose(Rule, Shipped(), Daily(limit), Ana, Now).Parameters[PlayerStakeLimitRule.DailyLimit]);

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void AProposalNeedsAReason(string reason) =>
        Assert.Equal(["reason"], Refusal(Daily(1_000_000, reason)).Keys);

    [Fact]
    public void AReasonOverTheMaximumLengthIsRefused() =>
        Assert.Equal(["reason"], Refusal(Daily(1_000_000, new string('a', RulebookRules.MaxReasonLength + 1))).Keys);

    [Fact]
    public void EveryFailingFieldIsNamedAtOnce()
    {
        var change = new RuleChange(null, null, new Dictionary<string, long> { ["nope"] = 1, [PlayerStakeLimitRule.WeeklyLimit] = 0 }, " ");

        Assert.Equal(["parameters.nope", "parameters.weekly_limit", "reason"], Refusal(change).Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AProposalThatChangesNothingIsRefused()
    {
        var same = new RuleChange(true, RuleSeverity.Medium, new Dictionary<string, long> { [PlayerStakeLimitRule.DailyLimit] = Rule.Shipped[PlayerStakeLimitRule.DailyLimit] }, "Motivo.");

        Assert.Contains("parameters", Refusal(same).Keys);
        Assert.Contains("parameters", Refusal(new RuleChange(null, null, null, "Motivo.")).Keys);
    }

    [Fact]
    public void ASeverityOrSwitchChangeAloneIsAProposal()
    {
        Assert.Equal(RuleSeverity.High, RulebookRules.Propose(Rule, Shipped(), new RuleChange(null, RuleSeverity.High, null, "Motivo."), Ana, Now).Severity);
        Assert.False(RulebookRules.Propose(Rule, Shipped(), new RuleChange(false, null, null, "Motivo."), Ana, Now).Enabled);
    }

    [Fact]
    public void ASecondProposalWhileOneWaitsIsAConflict()
    {
        var waiting = RulebookRules.Propose(Rule, Shipped(), Daily(1_000_000), Ana, Now);

        Assert.Throws<DomainConflictException>(() => RulebookRules.Propose(Rule, RulebookRules.VersionsOf(Rule, [waiting]), Daily(2_000_000), Bruno, Now));
    }

    [Fact]
    public void TheProposerCannotApproveTheirOwnProposal()
    {
        var proposal = RulebookRules.Propose(Rule, Shipped(), Daily(1_000_000), Ana, Now);

        Assert.Throws<DomainConflictException>(() => RulebookRules.Decide(Rule, [proposal], proposal.Version, true, null, Ana, Now));
    }

    [Fact]
    public void ApprovalBySecondAdminPutsTheProposalInForceAndSupersedesTheShippedVersion()
    {
        var stored = ProposeAndDecide([], Daily(1_000_000), true, Bruno);

        var versions = RulebookRules.VersionsOf(Rule, stored);

        Assert.Equal([RuleVersionStatus.Superseded, RuleVersionStatus.Active], versions.Select(v => v.Status));
        var inForce = RulebookRules.InForce(versions);
        Assert.Equal((2, 1_000_000L, "staff:bruno", (DateTimeOffset?)Now.AddHours(1)), (inForce.Version, inForce.Parameters[PlayerStakeLimitRule.DailyLimit], inForce.DecidedBy, inForce.DecidedAt));
    }

    [Fact]
    public void ApprovingALaterVersionSupersedesTheOneInForce()
    {
        var second = ProposeAndDecide([], Daily(1_000_000), true, Bruno);
        var third = ProposeAndDecide(second, Daily(2_000_000), true, Bruno);

        var versions = RulebookRules.VersionsOf(Rule, third);

        Assert.Equal([RuleVersionStatus.Superseded, RuleVersionStatus.Superseded, RuleVersionStatus.Active], versions.Select(v => v.Status));
        Assert.Equal((3, 2_000_000L), (RulebookRules.InForce(versions).Version, RulebookRules.InForce(versions).Parameters[PlayerStakeLimitRule.DailyLimit]));
    }

    [Fact]
    public void ARejectionNeedsAReason()
    {
        var proposal = RulebookRules.Propose(Rule, Shipped(), Daily(1_000_000), Ana, Now);

        Assert.Contains("reason", Assert.Throws<DomainValidationException>(() => RulebookRules.Decide(Rule, [proposal], 2, false, " ", Bruno, Now)).Errors.Keys);
        Assert.Contains("reason", Assert.Throws<DomainValidationException>(() => RulebookRules.Decide(Rule, [proposal], 2, false, null, Bruno, Now)).Errors.Keys);
    }

    [Fact]
    public void ARejectedProposalLeavesTheVersionInForceAndFreesTheRuleForAnother()
    {
        var stored = ProposeAndDecide([], Daily(1_000_000), false, Bruno);

        var versions = RulebookRules.VersionsOf(Rule, stored);

        Assert.Equal([RuleVersionStatus.Active, RuleVersionStatus.Rejected], versions.Select(v => v.Status));
        Assert.Equal(1, RulebookRules.InForce(versions).Version);
        Assert.EndsWith("recusada: Sem base.", versions[^1].Reason, StringComparison.Ordinal);
        Assert.Equal(3, RulebookRules.Propose(Rule, versions, Daily(2_000_000), Ana, Now).Version);
    }

    [Fact]
    public void TheProposerMayWithdrawTheirProposal()
    {
        var stored = ProposeAndDecide([], Daily(1_000_000), false, Ana);

        Assert.Equal((RuleVersionStatus.Rejected, "staff:ana"), (stored[0].Status, stored[0].DecidedBy));
    }

    [Fact]
    public void OnlyAWaitingProposalCanBeDecided()
    {
        var stored = ProposeAndDecide([], Daily(1_000_000), true, Bruno);

        Assert.Throws<DomainConflictException>(() => RulebookRules.Decide(Rule, stored, 2, false, "Tarde demais.", Bruno, Now));
        Assert.Throws<DomainNotFoundException>(() => RulebookRules.Decide(Rule, stored, 7, true, null, Bruno, Now));
    }

    [Fact]
    public void RuleIdsAreUniqueAndEachIsFoundByIt()
    {
        Assert.Equal(IntegrityRules.All.Count, IntegrityRules.All.Select(r => r.Id).Distinct().Count());
        Assert.All(IntegrityRules.All, r => Assert.Same(r, IntegrityRules.Find(r.Id)));
        Assert.Null(IntegrityRules.Find("no_such_rule"));
    }

    [Fact]
    public void EveryRuleShipsOnWithEveryParameterAtADefaultWithinItsBounds() =>
        Assert.All(IntegrityRules.All, rule =>
        {
            var shipped = rule.Shipped;
            Assert.Equal((rule.Id, 1, true, rule.DefaultSeverity), (shipped.RuleId, shipped.Version, shipped.Enabled, shipped.Severity));
            Assert.Equal(rule.Parameters.Select(p => p.Name).Order(StringComparer.Ordinal), shipped.Parameters.Keys.Order(StringComparer.Ordinal));
            Assert.All(rule.Parameters, p =>
            {
                Assert.InRange(p.Default, p.Min, p.Max);
                Assert.Equal(p.Default, shipped[p.Name]);
            });
        });

    [Fact]
    public void EveryRuleCanBeProposedAChangeOfItsFirstParameter() =>
        Assert.All(IntegrityRules.All.Where(r => r.Parameters.Count > 0), rule =>
        {
            var first = rule.Parameters[0];
            var value = first.Default == first.Max ? first.Min : first.Max;
            var proposal = RulebookRules.Propose(rule, RulebookRules.VersionsOf(rule, null), new RuleChange(null, null, new Dictionary<string, long> { [first.Name] = value }, "Motivo."), Ana, Now);
            Assert.Equal(value, proposal.Parameters[first.Name]);
        });
}
