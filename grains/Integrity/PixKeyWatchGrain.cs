using Lottopar.GrainInterfaces.Integrity;
using Lottopar.Providers.Abstractions;
using Orleans;
using Orleans.Runtime;

namespace Lottopar.Grains.Integrity;

public sealed class PixKeyWatchState
{
    public List<PayoutKeyMark> Marks { get; set; } = [];
}

/// <summary>
/// The integrity module's PIX key (key: the key's fingerprint): the players who asked to register it
/// for payouts, at any operator, and the key rules over them. Its alerts are about the key, across
/// operators (LOTTOPAR only). A redelivered request changes nothing and raises nothing new.
/// </summary>
[GrainType("pix_key_watch")]
public sealed class PixKeyWatchGrain(
    [PersistentState(GrainStorageNames.State, GrainStorageNames.Storage)] IPersistentState<PixKeyWatchState> state,
    IStreamEventLog shadows,
    TimeProvider clock) : Grain, IPixKeyWatchGrain
{
    public async Task ObserveAsync(PayoutKeyObservation seen, RulebookSnapshot rules)
    {
        if (PayoutKeyMarks.Fold(state.State.Marks, seen))
        {
            await state.WriteStateAsync();
        }

        var marks = state.State.Marks;
        await RuleRunner.JudgeAsync<PixKeyRule>(GrainFactory, shadows, this.GetGrainId(), rules, (rule, setting) => rule.Evaluate(seen, marks, setting),
            new AlertSubject(SubjectKind.PixKey, this.GetPrimaryKeyString(), null), clock.GetUtcNow());
    }
}
