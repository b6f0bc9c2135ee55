using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Concurrency;
using Orleans.Hosting;
using Orleans.Runtime;

namespace Lottopar.Providers.PostgreSql.Calls;

/// <summary>
/// Refuses a call that comes back to a grain already waiting in the same call chain (A calls B,
/// B calls A). A non-reentrant grain cannot take that call until its own call ends, so Orleans
/// would wait for the response timeout; the guard fails it at once, naming the chain. Each
/// non-reentrant grain adds itself to the chain (request context) when a call reaches it; a call
/// leaving a grain is checked against the chain before it is sent (the target's queue would hold
/// it otherwise, and an incoming filter would never see it). A reentrant grain may be called back.
/// </summary>
public sealed class CallCycleGuard : IIncomingGrainCallFilter, IOutgoingGrainCallFilter
{
    /// <summary>The request-context entry holding the grains of the chain, outermost first.</summary>
    public const string ChainKey = "lottopar.call-chain";

    // Every call passes here: the attribute is looked up once per grain class, not per call.
    private readonly ConcurrentDictionary<Type, bool> _reentrant = new();

    public Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.TargetContext is { GrainInstance: { } grain } target && !IsReentrant(grain.GetType()))
        {
            RequestContext.Set(ChainKey, (GrainId[])[.. Chain(), target.GrainId]);
        }

        return context.Invoke();
    }

    public Task Invoke(IOutgoingGrainCallContext context)
    {
        var chain = Chain();
        if (chain.Length > 0 && Array.IndexOf(chain, context.TargetId) >= 0)
        {
            throw new CallCycleException($"Call cycle: {string.Join(" -> ", chain)} -> {context.TargetId}; a grain cannot be called back while it waits.");
        }

        return context.Invoke();
    }

    private static GrainId[] Chain() => RequestContext.Get(ChainKey) as GrainId[] ?? [];

    private bool IsReentrant(Type grainType) =>
        _reentrant.GetOrAdd(grainType, type => type.IsDefined(typeof(ReentrantAttribute), inherit: true));
}

/// <summary>A call came back to a grain that was waiting for its own call in the same chain.</summary>
[GenerateSerializer]
public sealed class CallCycleException : OrleansException
{
    public CallCycleException(string message) : base(message)
    {
    }
}

public static class CallCycleGuardRegistration
{
    public static ISiloBuilder AddCallCycleGuard(this ISiloBuilder silo)
    {
        silo.Services.AddSingleton<CallCycleGuard>();
        silo.Services.AddSingleton<IIncomingGrainCallFilter>(services => services.GetRequiredService<CallCycleGuard>());
        silo.Services.AddSingleton<IOutgoingGrainCallFilter>(services => services.GetRequiredService<CallCycleGuard>());
        return silo;
    }
}
