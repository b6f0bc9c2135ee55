using System.Reflection;

namespace Lottopar.Runtime.Core;

/// <summary>The factory front ends and grains use alike: <c>GetGrain&lt;IPlayerGrain&gt;(cpf)</c>.</summary>
internal sealed class GrainFactory(GrainTypeRegistry registry, GrainDispatcher dispatcher) : IGrainFactory
{
    public TGrainInterface GetGrain<TGrainInterface>(string key) where TGrainInterface : IGrainWithStringKey =>
        (TGrainInterface)GetGrain(typeof(TGrainInterface), key);

    public IGrainWithStringKey GetGrain(Type grainInterface, string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var info = registry.ForInterface(grainInterface);
        var proxy = DispatchProxy.Create(grainInterface, typeof(GrainReference));
        ((GrainReference)proxy).Initialize(new GrainId(info.Name, key), dispatcher);
        return (IGrainWithStringKey)proxy;
    }
}
