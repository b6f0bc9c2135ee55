namespace Lottopar.Runtime;

/// <summary>Tuning of the actor runtime; bound from the "Lottopar:Runtime" configuration section.</summary>
public sealed class ActorRuntimeOptions
{
    public const string SectionName = "Lottopar:Runtime";

    /// <summary>How long a caller waits for a grain call (queueing included) before it gets a <see cref="GrainCallTimeoutException"/>.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>An activation unused for this long is collected.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often the collector looks for idle activations.</summary>
    public TimeSpan CollectionInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Live activations this silo holds at most; beyond it the least recently used idle ones are collected.</summary>
    public int MaxActivations { get; set; } = 200_000;

    /// <summary>How often reminders are looked for; a reminder fires at most this late (plus the tick's own work).</summary>
    public TimeSpan ReminderPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a silo holds a reminder it is firing before another silo may take it over.</summary>
    public TimeSpan ReminderLease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The shortest period a reminder may have (reminders are for minutes and hours, not milliseconds).</summary>
    public TimeSpan ReminderMinimumPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>First retry delay of a failed reminder tick; doubles per failure up to <see cref="ReminderMaximumRetryDelay"/>.</summary>
    public TimeSpan ReminderRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan ReminderMaximumRetryDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Fallback poll of the stream log when no notification arrives.</summary>
    public TimeSpan StreamPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Re-read delay when newer events wait behind a transaction still in flight.</summary>
    public TimeSpan StreamInFlightRecheck { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Events read from one partition of the log per batch.</summary>
    public int StreamBatchSize { get; set; } = 256;

    /// <summary>Streams of one batch delivered in parallel (each stream stays in order).</summary>
    public int StreamDeliveryParallelism { get; set; } = 32;

    /// <summary>Attempts to deliver one event before it is dead-lettered.</summary>
    public int StreamMaxAttempts { get; set; } = 5;

    /// <summary>First retry delay of a failed delivery; doubles per attempt.</summary>
    public TimeSpan StreamRetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Send NOTIFY after commits and LISTEN for other silos' (PostgreSQL storage only).</summary>
    public bool StreamNotifications { get; set; } = true;

    /// <summary>
    /// Most state writes committed together (group commit, PostgreSQL storage): writes that arrive
    /// while every commit slot is busy share one transaction. 1 turns batching off.
    /// </summary>
    public int StorageWriteBatchSize { get; set; } = 64;

    /// <summary>Group commits in flight at once (each holds a connection while it commits).</summary>
    public int StorageWriteConcurrency { get; set; } = 4;

    /// <summary>Most activations' state reads answered by one query (PostgreSQL storage); 1 turns grouping off.</summary>
    public int StorageReadBatchSize { get; set; } = 64;

    /// <summary>State-read queries in flight at once.</summary>
    public int StorageReadConcurrency { get; set; } = 4;

    /// <summary>Time given to OnDeactivateAsync hooks when the silo stops.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(20);

    internal void Validate()
    {
        static void Positive(TimeSpan value, string name)
        {
            if (value <= TimeSpan.Zero)
            {
                throw new InvalidOperationException($"{SectionName}:{name} must be positive (was {value}).");
            }
        }

        Positive(CallTimeout, nameof(CallTimeout));
        Positive(IdleTimeout, nameof(IdleTimeout));
        Positive(CollectionInterval, nameof(CollectionInterval));
        Positive(ReminderPollInterval, nameof(ReminderPollInterval));
        Positive(ReminderLease, nameof(ReminderLease));
        Positive(ReminderMinimumPeriod, nameof(ReminderMinimumPeriod));
        Positive(ReminderRetryDelay, nameof(ReminderRetryDelay));
        Positive(StreamPollInterval, nameof(StreamPollInterval));
        Positive(StreamInFlightRecheck, nameof(StreamInFlightRecheck));
        Positive(StreamRetryDelay, nameof(StreamRetryDelay));
        if (MaxActivations < 1 || StreamBatchSize < 1 || StreamDeliveryParallelism < 1 || StreamMaxAttempts < 1
            || StorageWriteBatchSize < 1 || StorageWriteConcurrency < 1 || StorageReadBatchSize < 1 || StorageReadConcurrency < 1)
        {
            throw new InvalidOperationException(
                $"{SectionName}: MaxActivations, StreamBatchSize, StreamDeliveryParallelism, StreamMaxAttempts, " +
                "StorageWriteBatchSize, StorageWriteConcurrency, StorageReadBatchSize and StorageReadConcurrency must be at least 1.");
        }
    }
}
