using System.Collections.Concurrent;
using Lottopar.Providers.Abstractions;
using Lottopar.Providers.PostgreSql.Storage;
using Lottopar.Providers.PostgreSql.Streams;
using Microsoft.Extensions.DependencyInjection;

namespace Lottopar.Testing;

/// <summary>
/// Faults a test arms on purpose: a state write that fails before it commits, one that commits and
/// then loses its answer (as a crash between the commit and the reply would), and a serialisation
/// that throws. Each armed fault fires once.
/// </summary>
public sealed class FaultInjector
{
    private readonly ConcurrentDictionary<string, int> _failWrites = new();
    private readonly ConcurrentDictionary<StoredGrainId, int> _failGrainWrites = new();
    private readonly ConcurrentDictionary<string, int> _loseAnswers = new();
    private readonly ConcurrentDictionary<Type, int> _failSerialisations = new();

    /// <summary>The next state write of a grain of this type throws and stores nothing.</summary>
    public void FailNextWrite(string grainType) => _failWrites.AddOrUpdate(grainType, 1, (_, n) => n + 1);

    /// <summary>The next state write of this one grain (type and key) throws and stores nothing.</summary>
    public void FailNextWrite(string grainType, string key) => _failGrainWrites.AddOrUpdate(new StoredGrainId(grainType, key), 1, (_, n) => n + 1);

    /// <summary>The next state write of a grain of this type commits, then throws as if the connection dropped.</summary>
    public void LoseNextAnswer(string grainType) => _loseAnswers.AddOrUpdate(grainType, 1, (_, n) => n + 1);

    /// <summary>The next serialisation of a value of this type (grain state or stream payload) throws.</summary>
    public void FailNextSerialisation<T>() => _failSerialisations.AddOrUpdate(typeof(T), 1, (_, n) => n + 1);

    /// <summary>Whether a serialisation fault armed for this type has not fired yet.</summary>
    public bool SerialisationFaultPending<T>() => _failSerialisations.TryGetValue(typeof(T), out var count) && count > 0;

    internal static bool TryTake<TKey>(ConcurrentDictionary<TKey, int> armed, TKey key)
        where TKey : notnull
    {
        while (armed.TryGetValue(key, out var count) && count > 0)
        {
            if (armed.TryUpdate(key, count - 1, count))
            {
                return true;
            }
        }

        return false;
    }

    internal bool TakeWriteFailure(StoredGrainId grain) => TryTake(_failGrainWrites, grain) || TryTake(_failWrites, grain.Type);

    internal bool TakeLostAnswer(StoredGrainId grain) => TryTake(_loseAnswers, grain.Type);

    internal bool TakeSerialisationFailure(Type type) => TryTake(_failSerialisations, type);
}

/// <summary>The failure an armed fault throws, so tests can tell it from a real one.</summary>
public sealed class InjectedFaultException(string message) : IOException(message);

public static class FaultInjectionServiceExtensions
{
    /// <summary>
    /// Puts a <see cref="FaultInjector"/> between the storage provider and its state store and
    /// serialiser. Call after AddPostgresProviders: it wraps the registrations made there.
    /// </summary>
    public static IServiceCollection AddFaultInjection(this IServiceCollection services)
    {
        services.AddSingleton<FaultInjector>();
        Decorate<IStateStore>(services, (sp, inner) => new FaultyGrainStorage(inner, sp.GetRequiredService<FaultInjector>()));
        Decorate<IGrainSerializer>(services, (sp, inner) => new FaultySerializer(inner, sp.GetRequiredService<FaultInjector>()));
        return services;
    }

    private static void Decorate<TService>(IServiceCollection services, Func<IServiceProvider, TService, TService> decorate)
        where TService : class
    {
        var original = services.LastOrDefault(d => d.ServiceType == typeof(TService))
            ?? throw new InvalidOperationException($"{typeof(TService).Name} is not registered: call AddFaultInjection after AddPostgresProviders.");
        services.Add(ServiceDescriptor.Singleton(sp => decorate(sp, Resolve<TService>(sp, original))));
    }

    private static TService Resolve<TService>(IServiceProvider services, ServiceDescriptor descriptor)
        where TService : class =>
        (TService)(descriptor.ImplementationInstance
            ?? descriptor.ImplementationFactory?.Invoke(services)
            ?? ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!));

    private sealed class FaultyGrainStorage(IStateStore inner, FaultInjector faults) : IStateStore
    {
        public Task<StoredGrainState?> ReadAsync(StoredGrainId grain, CancellationToken cancellationToken) => inner.ReadAsync(grain, cancellationToken);

        public async Task<long?> TryWriteAsync(
            StoredGrainId grain,
            string? stateJson,
            long expectedVersion,
            IReadOnlyList<OutboundStreamEvent> events,
            IReadOnlyCollection<UniqueKey>? uniqueKeys,
            DateTimeOffset now,
            CancellationToken cancellationToken)
        {
            if (faults.TakeWriteFailure(grain))
            {
                throw new InjectedFaultException($"Injected: the write of {grain} failed before it committed.");
            }

            var version = await inner.TryWriteAsync(grain, stateJson, expectedVersion, events, uniqueKeys, now, cancellationToken);
            return faults.TakeLostAnswer(grain)
                ? throw new InjectedFaultException($"Injected: the write of {grain} committed, then its answer was lost.")
                : version;
        }

        public Task AppendEventsAsync(IReadOnlyList<OutboundStreamEvent> events, CancellationToken cancellationToken) =>
            inner.AppendEventsAsync(events, cancellationToken);
    }

    private sealed class FaultySerializer(IGrainSerializer inner, FaultInjector faults) : IGrainSerializer
    {
        public string Serialize(object value, Type type) =>
            faults.TakeSerialisationFailure(type) || faults.TakeSerialisationFailure(value.GetType())
                ? throw new InjectedFaultException($"Injected: a {type.Name} could not be serialised.")
                : inner.Serialize(value, type);

        public object? Deserialize(string json, Type type) => inner.Deserialize(json, type);
    }
}
