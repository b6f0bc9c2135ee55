using System.Collections.Concurrent;
using System.Reflection;

namespace Lottopar.Runtime.Core;

/// <summary>The factory front ends and grains use alike: <c>GetGrain&lt;IPlayerGrain&gt;(cpf)</c>.</summary>
/// <remarks>
/// <see cref="DispatchProxy.Create(Type, Type)"/> builds each proxy through reflection; a request makes
/// several references, so one proxy per interface is built once and each reference is a copy of it.
/// </remarks>
internal sealed class GrainFactory(GrainTypeRegistry registry, GrainDispatcher dispatcher) : IGrainFactory
{
    private readonly ConcurrentDictionary<Type, GrainReference> _prototypes = new();

    public TGrainInterface GetGrain<TGrainInterface>(string key) where TGrainInterface : IGrainWithStringKey =>
        (TGrainInterface)GetGrain(typeof(TGrainInterface), key);

    public IGrainWithStringKey GetGrain(Type grainInterface, string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var info = registry.ForInterface(grainInterface);
        var prototype = _prototypes.GetOrAdd(grainInterface, type => (GrainReference)DispatchProxy.Create(type, typeof(GrainReference)));
        return (IGrainWithStringKey)prototype.CopyFor(new GrainId(info.Name, key), dispatcher);
    }
}
