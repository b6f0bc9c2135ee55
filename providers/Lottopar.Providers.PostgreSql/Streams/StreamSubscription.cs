namespace Lottopar.Providers.PostgreSql.Streams;

/// <summary>
/// A durable subscription to every event of a stream namespace. Its name keys its checkpoints,
/// so renaming it starts it again from the beginning of the log. Today one kind: batches handed to
/// a projection service (<see cref="ProjectionStreamSubscription{TProjection, TEvent}"/>).
/// </summary>
public abstract class StreamSubscription
{
    protected StreamSubscription(string name, string streamNamespace)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(streamNamespace);
        Name = name;
        Namespace = streamNamespace;
        Tag = new KeyValuePair<string, object?>("subscription", name);
    }

    public string Name { get; }

    public string Namespace { get; }

    internal KeyValuePair<string, object?> Tag { get; }

    /// <summary>Start-up check that whatever the subscription delivers to exists.</summary>
    internal abstract void Validate(IServiceProvider services);

    /// <summary>Delivers one batch, in log order; returns once every event is delivered or dead-lettered.</summary>
    internal abstract Task DeliverAsync(IReadOnlyList<StoredStreamEvent> batch, StreamDelivery delivery, CancellationToken cancellationToken);
}
