using Orleans.Runtime;

namespace Lottopar.Providers.Abstractions;

/// <summary>
/// Commits stream events that no state write carries (a stateless grain's, or a call that
/// changed nothing): durable in the stream log when the returned task completes, delivered
/// from there at least once like every other event.
/// </summary>
public interface IStreamEventLog
{
    Task AppendAsync<T>(GrainId publisher, StreamId stream, string eventName, T payload, DateTimeOffset publishedAt) where T : notnull;
}
