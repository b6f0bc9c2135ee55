namespace Lottopar.Providers.Abstractions;

/// <summary>A stream: a namespace (e.g. "betting") and a key within it (e.g. an OPRID).</summary>
public readonly record struct StreamId(string Namespace, string Key)
{
    public override string ToString() => $"{Namespace}/{Key}";
}
