namespace Lottopar.Runtime.Streams;

/// <summary>
/// A durable subscription: every event of a stream namespace is delivered to the grain a rule
/// picks (for example "the integrity grain of the event's operator"). Its name keys its
/// checkpoints, so renaming it starts it again from the beginning of the log.
/// </summary>
public abstract class StreamSubscription
{
    protected StreamSubscription(string name, string streamNamespace, Type consumerInterface)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(streamNamespace);
        Name = name;
        Namespace = streamNamespace;
        ConsumerInterface = consumerInterface;
        Tag = new KeyValuePair<string, object?>("subscription", name);
    }

    public string Name { get; }

    public string Namespace { get; }

    public Type ConsumerInterface { get; }

    internal KeyValuePair<string, object?> Tag { get; }

    /// <summary>Reads the event (throws if it cannot be read: a poison event) and returns the delivery to attempt.</summary>
    internal abstract Func<Task> PrepareDelivery(IGrainFactory grainFactory, StoredStreamEvent streamEvent);
}

internal sealed class StreamSubscription<TConsumer, TEvent>(string name, string streamNamespace, Func<StreamId, TEvent, string> targetKey)
    : StreamSubscription(name, streamNamespace, typeof(TConsumer))
    where TConsumer : IStreamConsumerGrain<TEvent>
{
    internal override Func<Task> PrepareDelivery(IGrainFactory grainFactory, StoredStreamEvent streamEvent)
    {
        var item = Storage.RuntimeJson.Deserialize<TEvent>(streamEvent.Payload)
            ?? throw new InvalidDataException($"Event {streamEvent.Position} has an empty payload.");
        var info = new StreamEventInfo(streamEvent.Stream, streamEvent.Position, streamEvent.PublishedAt);
        var consumer = grainFactory.GetGrain<TConsumer>(targetKey(streamEvent.Stream, item));
        return () => consumer.OnNextAsync(item, info);
    }
}
