namespace Lottopar.Runtime;

/// <summary>
/// The identity of a grain: its type name (stable, stored with its state) and its key.
/// </summary>
public readonly record struct GrainId(string Type, string Key)
{
    public override string ToString() => $"{Type}/{Key}";
}
