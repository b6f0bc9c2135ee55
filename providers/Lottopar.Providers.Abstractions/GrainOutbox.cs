
namespace Lottopar.Providers.Abstractions;

/// <summary>
/// The stream events a grain's turn publishes, committed with the grain's next state write in the
/// same statement, or not at all (Orleans leaves the outbox to the application). A state that
/// carries one implements <see cref="IHasOutbox"/>; the outbox is never part of the state's JSON.
/// </summary>
public sealed class GrainOutbox
{
    private readonly List<PendingEvent> _pending = [];

    /// <summary>Events waiting for the next write, oldest first.</summary>
    public IReadOnlyList<PendingEvent> Pending => _pending;

    /// <summary>
    /// Queues an event; it is published only if the next state write commits. The event name is
    /// what consumers and domain tables match on: explicit, never a CLR type's name.
    /// </summary>
    public void Publish<T>(StreamId stream, string eventName, T payload, DateTimeOffset publishedAt) where T : notnull
    {
        ArgumentException.ThrowIfNullOrEmpty(stream.Namespace);
        ArgumentException.ThrowIfNullOrEmpty(stream.Key);
        ArgumentException.ThrowIfNullOrEmpty(eventName);
        _pending.Add(new PendingEvent(stream, eventName, typeof(T), payload, publishedAt));
    }

    /// <summary>Forgets what was published (the write committed, or the turn's changes are dropped).</summary>
    public void Clear() => _pending.Clear();
}

/// <summary>An event queued in a <see cref="GrainOutbox"/>, serialised when its write is queued.</summary>
public sealed record PendingEvent(StreamId Stream, string EventName, Type PayloadType, object Payload, DateTimeOffset PublishedAt);

/// <summary>A grain state whose writes carry the turn's events.</summary>
public interface IHasOutbox
{
    GrainOutbox Outbox { get; }
}

/// <summary>
/// A grain state that holds natural keys (an operator's provider code), claimed with every write:
/// keys no longer listed are released; a key another grain holds fails the write.
/// </summary>
public interface IHoldsUniqueKeys
{
    IReadOnlyCollection<UniqueKey> UniqueKeys { get; }
}
