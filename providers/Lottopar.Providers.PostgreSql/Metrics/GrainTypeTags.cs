using System.Collections.Concurrent;
using Orleans.Runtime;

namespace Lottopar.Providers.PostgreSql.Metrics;

/// <summary>
/// The metrics tag of each Orleans grain type (its name, e.g. "player"), made once per type: a
/// <see cref="GrainType"/> formats a new string each time it is asked for its name.
/// </summary>
public static class GrainTypeTags
{
    private static readonly ConcurrentDictionary<GrainType, KeyValuePair<string, object?>> Tags = new();

    public static KeyValuePair<string, object?> Of(GrainType type) =>
        Tags.TryGetValue(type, out var tag) ? tag : Tags.GetOrAdd(type, t => ProviderInstruments.GrainTypeTag(t.ToString()!));
}
