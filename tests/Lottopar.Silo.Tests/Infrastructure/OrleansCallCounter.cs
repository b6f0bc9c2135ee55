using System.Collections.Concurrent;
using Orleans;

namespace Lottopar.Silo.Tests.Infrastructure;

/// <summary>Counts the calls each Orleans grain type receives (its GrainType name), for tests that must prove a path touches no grain.</summary>
public sealed class OrleansCallCounter : IIncomingGrainCallFilter
{
    private readonly ConcurrentDictionary<string, long> _calls = new();

    public long CallsTo(string grainType) => _calls.GetValueOrDefault(grainType);

    public Task Invoke(IIncomingGrainCallContext context)
    {
        _calls.AddOrUpdate(context.TargetId.Type.ToString()!, 1, (_, n) => n + 1);
        return context.Invoke();
    }
}
