using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Integrity;
using Lottopar.Grains.Common;
using Lottopar.Providers.Abstractions;
using Orleans;
using Orleans.Runtime;

namespace Lottopar.Grains.Integrity;

public sealed class IntegrityRulebookState : IHasOutbox
{
    /// <summary>Per rule, its versions after the shipped one (never changed once decided).</summary>
    public Dictionary<string, List<RuleVersionView>> Versions { get; set; } = [];

    /// <summary>Counts the changes in force; evaluators tell a new snapshot by it.</summary>
    public long Revision { get; set; }

    [System.Text.Json.Serialization.JsonIgnore]
    public GrainOutbox Outbox { get; } = new();
}

/// <summary>The rules' settings: every proposal, approval and rejection audited with the versions before and after.</summary>
[GrainType("integrity_rulebook")]
public sealed class IntegrityRulebookGrain(
    [PersistentState(GrainStorageNames.State, GrainStorageNames.Storage)] IPersistentState<IntegrityRulebookState> state,
    TimeProvider clock) : OrleansAuditedGrain<IntegrityRulebookState>(state, clock), IIntegrityRulebookGrain
{
    public const string TargetType = "integrity_rule";
    public const string DefaultKey = "default";

    private RulebookSnapshot? _snapshot;

    protected override string AuditTargetType => TargetType;

    public Task<RulebookSnapshot> GetSnapshotAsync() => Task.FromResult(_snapshot ??= new RulebookSnapshot(
        State.Revision,
        IntegrityRules.All.ToDictionary(r => r.Id, r => ToSetting(r.Id, RulebookRules.InForce(VersionsOf(r)))),
        IntegrityRules.All.Select(r => VersionsOf(r).LastOrDefault(v => v.Status == RuleVersionStatus.Shadow) is { } shadow ? ToSetting(r.Id, shadow) : null)
            .OfType<RuleSetting>().ToDictionary(s => s.RuleId)));

    public Task<IReadOnlyList<RuleView>> ListAsync() => Task.FromResult<IReadOnlyList<RuleView>>([.. IntegrityRules.All.Select(View)]);

    public Task<RuleView> GetAsync(string ruleId) => Task.FromResult(View(Rule(ruleId)));

    public async Task<RuleVersionView> ProposeAsync(string ruleId, RuleChange change, Actor actor)
    {
        var rule = Rule(ruleId);
        var proposal = RulebookRules.Propose(rule, VersionsOf(rule), change, actor, Clock.GetUtcNow());
        Stored(ruleId).Add(proposal);
        await SaveAuditedAsync(actor, "integrity_rule.proposed", $"{ruleId}@{proposal.Version}", RulebookRules.InForce(VersionsOf(rule)), proposal, proposal.Reason);
        return proposal;
    }

    public Task<RuleVersionView> ApproveAsync(string ruleId, int version, Actor actor) => DecideAsync(ruleId, version, true, null, actor);

    public Task<RuleVersionView> RejectAsync(string ruleId, int version, string reason, Actor actor) => DecideAsync(ruleId, version, false, reason, actor);

    public async Task<RuleVersionView> StopShadowAsync(string ruleId, int version, Actor actor)
    {
        var rule = Rule(ruleId);
        State.Versions[ruleId] = [.. RulebookRules.StopShadow(rule, Stored(ruleId), version)];
        State.Revision++;
        _snapshot = null;
        var view = State.Versions[ruleId].Single(v => v.Version == version);
        await SaveAuditedAsync(actor, "integrity_rule.shadow_stopped", $"{ruleId}@{version}", null, view);
        return view;
    }

    private async Task<RuleVersionView> DecideAsync(string ruleId, int version, bool approve, string? reason, Actor actor)
    {
        var rule = Rule(ruleId);
        var before = RulebookRules.InForce(VersionsOf(rule));
        var decided = RulebookRules.Decide(rule, Stored(ruleId), version, approve, reason, actor, Clock.GetUtcNow());
        State.Versions[ruleId] = [.. decided];
        if (approve)
        {
            State.Revision++;
        }

        _snapshot = null;
        var view = decided.Single(v => v.Version == version);
        await SaveAuditedAsync(actor, approve ? "integrity_rule.approved" : "integrity_rule.rejected", $"{ruleId}@{version}", before, view, reason);
        return view;
    }

    private static IntegrityRule Rule(string ruleId) =>
        IntegrityRules.Find(ruleId) ?? throw new DomainNotFoundException($"There is no integrity rule '{ruleId}'.");

    private List<RuleVersionView> Stored(string ruleId) =>
        State.Versions.TryGetValue(ruleId, out var versions) ? versions : State.Versions[ruleId] = [];

    private IReadOnlyList<RuleVersionView> VersionsOf(IntegrityRule rule) =>
        RulebookRules.VersionsOf(rule, State.Versions.GetValueOrDefault(rule.Id));

    private RuleView View(IntegrityRule rule)
    {
        var versions = VersionsOf(rule);
        return new RuleView(rule.Id, rule.Title, rule.Description, rule.Subject, rule.Parameters, RulebookRules.InForce(versions).Version, versions);
    }

    private static RuleSetting ToSetting(string ruleId, RuleVersionView version) =>
        new(ruleId, version.Version, version.Enabled, version.Severity, version.Parameters);
}
