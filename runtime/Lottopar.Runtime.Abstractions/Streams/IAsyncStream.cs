namespace Lottopar.Runtime.Streams;

/// <summary>The producer side of a durable stream, as seen from inside a grain.</summary>
public interface IAsyncStream<in T>
{
    StreamId StreamId { get; }

    /// <summary>
    /// Publishes an item. It is buffered and committed with the grain's next state write (or when
    /// the call ends successfully); it is delivered only if that commit succeeds.
    /// </summary>
    Task OnNextAsync(T item);
}
