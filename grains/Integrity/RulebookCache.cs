using System.Diagnostics;
using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Integrity;
using Orleans;

namespace Lottopar.Grains.Integrity;

/// <summary>
/// An evaluating grain's copy of the rulebook's snapshot, asked again after <see cref="IntegrityIntakeGrain.RulesFor"/>
/// on a monotonic clock (how fresh a cache is has nothing to do with business dates): a rule change
/// reaches every evaluator within that time, and the rulebook grain is asked at most that often per evaluator.
/// </summary>
public sealed class RulebookCache(IGrainFactory grains)
{
    private RulebookSnapshot? _rules;
    private long _at;

    public async Task<RulebookSnapshot> GetAsync()
    {
        if (_rules is null || Stopwatch.GetElapsedTime(_at) > IntegrityIntakeGrain.RulesFor)
        {
            _rules = await grains.Keyed<IIntegrityRulebookGrain>(IntegrityRulebookGrain.DefaultKey).GetSnapshotAsync();
            _at = Stopwatch.GetTimestamp();
        }

        return _rules;
    }
}
