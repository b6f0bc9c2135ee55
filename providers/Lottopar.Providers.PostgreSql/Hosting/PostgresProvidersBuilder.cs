using Lottopar.Providers.PostgreSql.Streams;

namespace Lottopar.Providers.PostgreSql.Hosting;

/// <summary>What a silo declares to the PostgreSQL providers: the tables its stream events are archived in, and its projections.</summary>
public sealed class PostgresProvidersBuilder
{
    internal List<StreamSubscription> Subscriptions { get; } = [];

    internal List<Type> ProjectionTypes { get; } = [];

    internal List<StreamArchive> Archives { get; } = [];

    /// <summary>
    /// Hands every event of <paramref name="streamNamespace"/>, in batches, to the projection
    /// service <typeparamref name="TProjection"/> (registered as a singleton). The name keys the
    /// subscription's checkpoints.
    /// </summary>
    public PostgresProvidersBuilder AddStreamProjection<TProjection, TEvent>(string name, string streamNamespace)
        where TProjection : class, IStreamProjection<TEvent>
    {
        if (Subscriptions.Any(s => s.Name == name))
        {
            throw new InvalidOperationException($"Two stream subscriptions are named '{name}'.");
        }

        Subscriptions.Add(new ProjectionStreamSubscription<TProjection, TEvent>(name, streamNamespace));
        ProjectionTypes.Add(typeof(TProjection));
        return this;
    }

    /// <summary>
    /// Writes the events of <paramref name="streamNamespace"/> into a table in the same statement as
    /// the state write that published them (see <see cref="StreamArchive"/>). A namespace may have
    /// several archives, e.g. one inserting rows for one event type and one updating them for another.
    /// With <paramref name="keepsPayload"/>, this archive keeps the namespace's payloads and the
    /// stream log only a reference to them (at most one such archive per namespace).
    /// </summary>
    public PostgresProvidersBuilder AddStreamArchive(string streamNamespace, string insertSql, ArchivedPayload? keepsPayload = null)
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
}
