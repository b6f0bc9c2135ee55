using Lottopar.GrainInterfaces.Integrity;
using Lottopar.Grains.Integrity.Rules;
using Lottopar.Providers.Abstractions;
using Orleans;
using Orleans.Runtime;
using StreamId = Lottopar.Providers.Abstractions.StreamId;

namespace Lottopar.Grains.Integrity;

public sealed class OperatorRiskState : IHasOutbox
{
    public long Risk { get; set; }

    public bool Highlighted { get; set; }

    public DateTimeOffset? HighlightedSince { get; set; }

    public int OpenAlerts { get; set; }

    [System.Text.Json.Serialization.JsonIgnore]
    public GrainOutbox Outbox { get; } = new();
}

/// <summary>
/// An operator's risk (key: OPRID). The risk monitor hands it the operator's open alerts; it writes
/// and publishes only a change (of risk, count or highlight), so a quiet operator costs nothing.
/// </summary>
[GrainType("operator_risk")]
public sealed class OperatorRiskGrain(
    [PersistentState(GrainStorageNames.State, GrainStorageNames.Storage)] IPersistentState<OperatorRiskState> state,
    TimeProvider clock) : Grain, IOperatorRiskGrain
{
    public async Task<OperatorRiskChanged> UpdateAsync(IReadOnlyList<OpenAlertGroup> openAlerts, RuleSetting policy)
    {
        var now = clock.GetUtcNow();
        var risk = OperatorRiskPolicy.Risk(openAlerts, policy);
        var count = openAlerts.Where(g => g.Status != AlertStatus.Closed).Sum(g => g.Count);
        var highlighted = policy.Enabled && risk >= policy[OperatorRiskPolicy.HighlightThreshold];
        var s = state.State;
        if (risk != s.Risk || count != s.OpenAlerts || highlighted != s.Highlighted)
        {
            s.HighlightedSince = highlighted ? (s.Highlighted ? s.HighlightedSince : now) : null;
            (s.Risk, s.OpenAlerts, s.Highlighted) = (risk, count, highlighted);
            var changed = Changed(now, policy);
            s.Outbox.Publish(new StreamId(IntegrityStreams.Namespace, this.GetPrimaryKeyString()), IntegrityStreams.OperatorRiskChanged, changed, now);
            await state.WriteStateAsync();
            return changed;
        }

        return Changed(now, policy);
    }

    private OperatorRiskChanged Changed(DateTimeOffset now, RuleSetting policy) =>
        new(this.GetPrimaryKeyString(), state.State.Risk, state.State.Highlighted, state.State.HighlightedSince, state.State.OpenAlerts, now, policy.Name);
}
