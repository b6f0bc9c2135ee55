using Lottopar.Runtime.Streams;

namespace Lottopar.Runtime;

/// <summary>
/// What an activation offers its grain instance. Implemented by the runtime; grain code reaches it
/// through the protected members of <see cref="Grain"/>.
/// </summary>
internal interface IGrainContext
{
    GrainId GrainId { get; }

    IGrainFactory GrainFactory { get; }

    Task<StoredState> ReadStateAsync(Type stateType, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the state (null clears it), the stream events of this call and, when not null, the
    /// grain's unique keys (replacing the ones it held) in one transaction; returns the new version.
    /// </summary>
    Task<long> WriteStateAsync(object? state, long expectedVersion, IReadOnlyCollection<UniqueKey>? uniqueKeys, CancellationToken cancellationToken);

    void PublishToStream<T>(StreamId stream, T item);

    Task RegisterOrUpdateReminderAsync(string name, TimeSpan dueTime, TimeSpan? period);

    Task<bool> UnregisterReminderAsync(string name);

    void DeactivateOnIdle();
}

/// <summary>A grain's state as read from storage: null when never written or cleared.</summary>
internal readonly record struct StoredState(object? State, long Version);
