namespace Lottopar.Runtime;

/// <summary>Hands out references to grains. A reference is cheap; the first call activates the grain.</summary>
public interface IGrainFactory
{
    /// <summary>A reference to the grain of interface <typeparamref name="TGrainInterface"/> with this key.</summary>
    TGrainInterface GetGrain<TGrainInterface>(string key) where TGrainInterface : IGrainWithStringKey;

    /// <summary>A reference to the grain of the given interface type with this key.</summary>
    IGrainWithStringKey GetGrain(Type grainInterface, string key);
}
