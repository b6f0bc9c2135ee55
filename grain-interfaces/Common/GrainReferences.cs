using Orleans;
using Orleans.Runtime;

namespace Lottopar.GrainInterfaces.Common;

/// <summary>
/// Grain references by string key, the platform's one way to get them. Orleans'
/// <c>GetGrain&lt;T&gt;(string)</c> works out the grain interface's type id from the CLR type on
/// every call (formatting the type's name into a new string each time): on the betting path, four
/// calls per event, that was a twelfth of what the silo allocated. Here it is worked out once per
/// interface, from the first reference Orleans builds, and every later reference is made from the
/// grain id directly. The result is the same reference.
/// </summary>
public static class GrainReferences
{
    /// <summary>The grain of <typeparamref name="TGrain"/> with <paramref name="key"/> (not blank, as Orleans requires).</summary>
    public static TGrain Keyed<TGrain>(this IGrainFactory grains, string key) where TGrain : IGrainWithStringKey
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        var kind = KindOf<TGrain>.Known;
        if (kind is null)
        {
            var first = grains.GetGrain<TGrain>(key);
            var reference = (GrainReference)(object)first;
            KindOf<TGrain>.Known = new GrainKind(reference.GrainId.Type, reference.InterfaceType);
            return first;
        }

        return (TGrain)grains.GetGrain(GrainId.Create(kind.GrainType, key), kind.InterfaceType);
    }

    /// <summary>What Orleans resolves for an interface: the grain class's type id and the interface's.</summary>
    private sealed record GrainKind(GrainType GrainType, GrainInterfaceType InterfaceType);

    /// <summary>One per interface; a race only computes the same value twice.</summary>
    private static class KindOf<TGrain>
    {
        public static GrainKind? Known;
    }
}
