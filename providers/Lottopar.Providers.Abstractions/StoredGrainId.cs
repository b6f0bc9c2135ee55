namespace Lottopar.Providers.Abstractions;

/// <summary>
/// The identity under which a grain's state is stored (the <c>grain_state</c> row, the holder of a
/// unique key, the publisher of a stream event): its stable type name and its key.
/// </summary>
public readonly record struct StoredGrainId(string Type, string Key)
{
    public override string ToString() => $"{Type}/{Key}";
}
