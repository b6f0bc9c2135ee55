namespace Lottopar.Providers.PostgreSql;

/// <summary>Tuning of the PostgreSQL providers (storage, stream log); bound from the "Lottopar:Providers" configuration section.</summary>
public sealed class ProviderOptions
{
    public const string SectionName = "Lottopar:Providers";

    /// <summary>Fallback poll of the stream log when no notification arrives.</summary>
    public TimeSpan StreamPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Re-read delay when newer events wait behind a transaction still in flight.</summary>
    public TimeSpan StreamInFlightRecheck { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>
    /// How often a silo asks for the lock of a projection's partition that another silo owns: the
    /// longest a partition waits for a new owner once its owner stopped, died or lost its connection.
    /// </summary>
    public TimeSpan StreamOwnershipRetry { get; set; } = TimeSpan.FromSeconds(2);

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

    public void Validate()
    {
        static void Positive(TimeSpan value, string name)
        {
            if (value <= TimeSpan.Zero)
            {
                throw new InvalidOperationException($"{SectionName}:{name} must be positive (was {value}).");
            }
        }

        Positive(StreamPollInterval, nameof(StreamPollInterval));
        Positive(StreamInFlightRecheck, nameof(StreamInFlightRecheck));
        Positive(StreamRetryDelay, nameof(StreamRetryDelay));
        Positive(StreamOwnershipRetry, nameof(StreamOwnershipRetry));
        if (StreamBatchSize < 1 || StreamDeliveryParallelism < 1 || StreamMaxAttempts < 1
            || StorageWriteBatchSize < 1 || StorageWriteConcurrency < 1 || StorageReadBatchSize < 1 || StorageReadConcurrency < 1)
        {
            throw new InvalidOperationException(
                $"{SectionName}: StreamBatchSize, StreamDeliveryParallelism, StreamMaxAttempts, " +
                "StorageWriteBatchSize, StorageWriteConcurrency, StorageReadBatchSize and StorageReadConcurrency must be at least 1.");
        }
    }
}
