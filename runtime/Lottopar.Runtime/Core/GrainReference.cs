using System.Reflection;

namespace Lottopar.Runtime.Core;

/// <summary>
/// The object behind every grain reference: a <see cref="DispatchProxy"/> that turns an interface
/// call into a message for the grain's activation. DispatchProxy was chosen over a source
/// generator: no build-time tooling, every interface works, and the per-call cost (one cached
/// lookup and an argument array) is measured in docs/benchmarks.md to stay well inside the budget.
/// </summary>
public class GrainReference : DispatchProxy
{
    private GrainDispatcher? _dispatcher;

    public GrainId GrainId { get; private set; }

    /// <summary>A reference to another grain of the same interface: the generated proxy's fields are shared, the target is its own.</summary>
    internal GrainReference CopyFor(GrainId id, GrainDispatcher dispatcher)
    {
        var copy = (GrainReference)MemberwiseClone();
        copy.GrainId = id;
        copy._dispatcher = dispatcher;
        return copy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        return GrainMethod.For(targetMethod).Send(_dispatcher!, GrainId, args ?? []);
    }

    public override bool Equals(object? obj) => obj is GrainReference other && other.GrainId == GrainId;

    public override int GetHashCode() => GrainId.GetHashCode();

    public override string ToString() => GrainId.ToString();
}
