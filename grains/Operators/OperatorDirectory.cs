using Lottopar.GrainInterfaces.Operators;

namespace Lottopar.Grains.Operators;

/// <summary>
/// Whether an operator exists, for grains still on the home-made runtime, which cannot reach Orleans
/// grains through their own factory. It goes when the last of them moves to Orleans (issue 16).
/// </summary>
public interface IOperatorDirectory
{
    /// <summary>Completes when the operator exists; throws DomainNotFoundException otherwise.</summary>
    Task RequireAsync(string oprid);
}

/// <summary>The directory on the Orleans cluster: asks the operator grain.</summary>
public sealed class OrleansOperatorDirectory(Orleans.IGrainFactory grains) : IOperatorDirectory
{
    public Task RequireAsync(string oprid) => grains.GetGrain<IOperatorGrain>(oprid).GetAsync();
}
