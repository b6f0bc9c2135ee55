using System.Reflection;
using Lottopar.Runtime.Streams;

namespace Lottopar.Runtime.Hosting;

/// <summary>What a silo declares: its grain classes, its stream subscriptions and its storage.</summary>
public sealed class ActorRuntimeBuilder
{
    internal List<Type> GrainClasses { get; } = [];

    internal List<StreamSubscription> Subscriptions { get; } = [];

    internal List<Type> ProjectionTypes { get; } = [];

    internal List<StreamArchive> Archives { get; } = [];

    internal RuntimeStorage Storage { get; private set; } = RuntimeStorage.PostgreSql;

    /// <summary>Registers every concrete grain class of the assembly.</summary>
    public ActorRuntimeBuilder AddGrains(Assembly assembly)
    {
        GrainClasses.AddRange(assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false } && typeof(Grain).IsAssignableFrom(t)));
        return this;
    }

    public ActorRuntimeBuilder AddGrain<TGrain>() where TGrain : Grain
    {
        GrainClasses.Add(typeof(TGrain));
        return this;
    }

    /// <summary>
    /// Delivers every event of <paramref name="streamNamespace"/> to the <typeparamref name="TConsumer"/>
    /// grain that <paramref name="targetKey"/> names (by default, the grain keyed like the stream).
    /// </summary>
    public ActorRuntimeBuilder AddStreamSubscription<TConsumer, TEvent>(
        string name, string streamNamespace, Func<StreamId, TEvent, string>? targetKey = null)
        where TConsumer : IStreamConsumerGrain<TEvent>
    {
        Add(new GrainStreamSubscription<TConsumer, TEvent>(name, streamNamespace, targetKey ?? ((stream, _) => stream.Key)));
        return this;
    }

    /// <summary>
    /// Hands every event of <paramref name="streamNamespace"/>, in batches, to the projection
    /// service <typeparamref name="TProjection"/> (registered as a singleton).
    /// </summary>
    public ActorRuntimeBuilder AddStreamProjection<TProjection, TEvent>(string name, string streamNamespace)
        where TProjection : class, IStreamProjection<TEvent>
    {
        Add(new ProjectionStreamSubscription<TProjection, TEvent>(name, streamNamespace));
        ProjectionTypes.Add(typeof(TProjection));
        return this;
    }

    private void Add(StreamSubscription subscription)
    {
        if (Subscriptions.Any(s => s.Name == subscription.Name))
        {
            throw new InvalidOperationException($"Two stream subscriptions are named '{subscription.Name}'.");
        }

        Subscriptions.Add(subscription);
    }

    /// <summary>
    /// Writes the events of <paramref name="streamNamespace"/> into a table in the same statement as
    /// the state write that published them (see <see cref="StreamArchive"/>). A namespace may have
    /// several archives, e.g. one inserting rows for one event type and one updating them for another.
    /// With <paramref name="keepsPayload"/>, this archive keeps the namespace's payloads and the
    /// stream log only a reference to them (at most one such archive per namespace).
    /// </summary>
    public ActorRuntimeBuilder AddStreamArchive(string streamNamespace, string insertSql, ArchivedPayload? keepsPayload = null)
    {
        if (Archives.Count >= 30)
        {
            throw new InvalidOperationException("At most 30 stream archives.");
        }

        if (keepsPayload is not null && Archives.Any(a => a.Namespace == streamNamespace && a.KeepsPayload is not null))
        {
            throw new InvalidOperationException($"Two archives keep the payloads of the '{streamNamespace}' stream namespace.");
        }

        Archives.Add(new StreamArchive(streamNamespace, insertSql, keepsPayload));
        return this;
    }

    /// <summary>State, streams and reminders in PostgreSQL (the default); needs an NpgsqlDataSource service.</summary>
    public ActorRuntimeBuilder UsePostgreSql()
    {
        Storage = RuntimeStorage.PostgreSql;
        return this;
    }

    /// <summary>State, streams and reminders in memory: for unit tests of grain logic only.</summary>
    public ActorRuntimeBuilder UseInMemoryStorage()
    {
        Storage = RuntimeStorage.InMemory;
        return this;
    }
}

internal enum RuntimeStorage
{
    PostgreSql,
    InMemory,
}
