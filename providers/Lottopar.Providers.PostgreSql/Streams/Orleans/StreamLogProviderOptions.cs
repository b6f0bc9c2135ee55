namespace Lottopar.Providers.PostgreSql.Streams.Orleans;

/// <summary>Settings of one Orleans stream provider on the stream log (<see cref="StreamLogProviderRegistration.AddPostgresStreamLog"/>).</summary>
public sealed class StreamLogProviderOptions
{
    /// <summary>The stream namespaces this provider carries: one queue per namespace and partition of the log.</summary>
    public IReadOnlyList<string> Namespaces { get; set; } = [];

    /// <summary>
    /// The pulling agent's timer (Orleans' <c>GetQueueMsgsTimerPeriod</c>): how long an event
    /// signalled in this silo (a commit here, or a NOTIFY from another silo) waits at most before
    /// it is read. 50 ms: Orleans' default of 100 ms would be half the platform's delivery latency.
    /// A tick that has nothing signalled costs no query (see <see cref="IdleReadInterval"/>).
    /// </summary>
    public TimeSpan PollPeriod { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// How often a queue with nothing signalled reads the log anyway: events committed by a writer
    /// that neither this silo nor a NOTIFY reports (a lost notification, another process) arrive
    /// within this. It bounds the idle cost: per silo, (queues it owns) / this, queries a second.
    /// </summary>
    public TimeSpan IdleReadInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Events read at most per query (the agent may ask for fewer).</summary>
    public int BatchSize { get; set; } = 256;

    /// <summary>Events each queue's cache holds (Orleans' <c>SimpleQueueCache</c>); reads pause when it is under pressure.</summary>
    public int CacheSize { get; set; } = 4096;

    /// <summary>
    /// How long Orleans retries delivering an event to a consumer before it gives up and the
    /// failure handler dead-letters it (Orleans' <c>MaxEventDeliveryTime</c>; its default is a minute).
    /// </summary>
    public TimeSpan MaxEventDeliveryTime { get; set; } = TimeSpan.FromMinutes(1);

    internal void Validate(string providerName)
    {
        ArgumentException.ThrowIfNullOrEmpty(providerName);
        if (Namespaces.Count == 0 || Namespaces.Any(string.IsNullOrEmpty) || Namespaces.Distinct().Count() != Namespaces.Count)
        {
            throw new ArgumentException($"The stream provider '{providerName}' needs distinct, non-empty stream namespaces.");
        }

        if (PollPeriod <= TimeSpan.Zero || IdleReadInterval < PollPeriod || BatchSize < 1 || CacheSize < 10 || MaxEventDeliveryTime <= TimeSpan.Zero)
        {
            throw new ArgumentException($"The stream provider '{providerName}' has a poll period, idle read interval, batch size, cache size or delivery time out of range.");
        }
    }
}
