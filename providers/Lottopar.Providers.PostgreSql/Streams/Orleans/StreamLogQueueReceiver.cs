using Lottopar.Providers.PostgreSql.Outages;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.Streams;
using OrleansStreamId = Orleans.Runtime.StreamId;

namespace Lottopar.Providers.PostgreSql.Streams.Orleans;

/// <summary>
/// Reads one partition of one namespace of the stream log for Orleans' pulling agent.
/// <list type="bullet">
/// <item>Exclusive: it reads and checkpoints only through the <see cref="PartitionLock"/> it holds,
/// on the lock's own session, so while Orleans hands the queue from one silo to another (the old
/// agent may still run) two receivers never read the partition at once, and a receiver whose
/// lock connection dropped silently cannot read or checkpoint any more: its next statement fails
/// with the session. Without the lock it returns nothing and tries to take it again after
/// <see cref="StreamLogProviderOptions.IdleReadInterval"/>.</item>
/// <item>From the checkpoint: once it holds the lock it starts after the partition's checkpoint,
/// read then (not before), so it sees what the previous owner saved.</item>
/// <item>Behind the transaction horizon (<see cref="IStreamLog.ReadAfterAsync(PartitionLock, string, StreamPosition, int, CancellationToken)"/>):
/// in commit order, nothing skipped.</item>
/// <item>Checkpoints move forward, and only over what Orleans' cache has purged
/// (<c>MessagesDeliveredAsync</c>): events no consumer cursor still points at, so delivered
/// or dead-lettered. Delivered events not yet checkpointed are delivered again after a handoff or
/// restart: at least once.</item>
/// <item>Idle cheaply: a tick reads the log only when this silo signalled the partition (a commit
/// here, a NOTIFY from another silo), the last read was full or held back by the horizon, or
/// <see cref="StreamLogProviderOptions.IdleReadInterval"/> has passed.</item>
/// <item>Quiet in an outage: a database failure is reported to the silo's <see cref="DatabaseOutage"/>
/// (one line for the silo), the lock is let go, and the agent gets nothing rather than an error.</item>
/// </list>
/// Orleans' pulling agent calls it one method at a time (read, report delivered, shut down), which
/// the lock's session needs: a connection runs one statement at a time.
/// </summary>
internal sealed partial class StreamLogQueueReceiver(
    NpgsqlDataSource dataSource,
    IStreamLog log,
    StreamSignals? signals,
    DatabaseOutage? database,
    string checkpointName,
    string streamNamespace,
    int partition,
    StreamLogProviderOptions options,
    TimeProvider clock,
    ILogger logger) : IQueueAdapterReceiver
{
    private PartitionLock? _lock;
    private DateTimeOffset _nextLockAttempt = DateTimeOffset.MinValue;
    private AsyncSignal? _signal;
    private StreamPosition _readPosition;
    private StreamPosition _checkpoint;
    private DateTimeOffset _lastRead = DateTimeOffset.MinValue;
    private bool _readAgain;

    /// <summary>Whether this receiver holds its partition's lock, as far as it knows (for tests).</summary>
    internal bool Owns => _lock is { IsOpen: true };

    public Task Initialize(TimeSpan timeout)
    {
        _signal = signals?.Subscribe(streamNamespace, partition);
        return Task.CompletedTask;
    }

    [Obsolete("Orleans calls the overload with a cancellation token.")]
    public Task<IList<IBatchContainer>> GetQueueMessagesAsync(int maxCount) => GetQueueMessagesAsync(maxCount, CancellationToken.None);

    public async Task<IList<IBatchContainer>> GetQueueMessagesAsync(int maxCount, CancellationToken cancellationToken)
    {
        try
        {
            return await ReadAsync(maxCount, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (DatabaseOutage.IsOutage(error) && !cancellationToken.IsCancellationRequested)
        {
            await LostAsync(error).ConfigureAwait(false);
            return [];
        }
    }

    [Obsolete("Orleans calls the overload with a cancellation token.")]
    public Task MessagesDeliveredAsync(IList<IBatchContainer> messages) => MessagesDeliveredAsync(messages, CancellationToken.None);

    public async Task MessagesDeliveredAsync(IList<IBatchContainer> messages, CancellationToken cancellationToken)
    {
        var delivered = messages.OfType<StreamLogBatchContainer>().Select(m => m.Token.Position).DefaultIfEmpty(StreamPosition.Start).Max();
        try
        {
            // Not the owner (any more): whoever owns the partition delivers from its own checkpoint.
            if (_lock is null || delivered <= _checkpoint)
            {
                return;
            }

            await log.SaveCheckpointAsync(_lock, delivered, clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            _checkpoint = delivered;
        }
        catch (Exception error) when (DatabaseOutage.IsOutage(error) && !cancellationToken.IsCancellationRequested)
        {
            await LostAsync(error).ConfigureAwait(false);
        }
    }

    public async Task Shutdown(TimeSpan timeout)
    {
        if (_signal is not null)
        {
            signals?.Unsubscribe(streamNamespace, partition, _signal);
            _signal = null;
        }

        await ReleaseLockAsync().ConfigureAwait(false);
    }

    private async Task<IList<IBatchContainer>> ReadAsync(int maxCount, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (_lock is null && (now < _nextLockAttempt || !await TryTakeLockAsync(now, cancellationToken).ConfigureAwait(false)))
        {
            return [];
        }

        var signalled = _signal is not null && await _signal.WaitAsync(TimeSpan.Zero, CancellationToken.None).ConfigureAwait(false);
        if (!signalled && !_readAgain && now - _lastRead < options.IdleReadInterval)
        {
            return [];
        }

        var limit = Math.Min(maxCount, options.BatchSize);
        var batch = await log.ReadAfterAsync(_lock!, streamNamespace, _readPosition, limit, cancellationToken).ConfigureAwait(false);
        database?.Succeeded();
        _lastRead = now;
        _readAgain = batch.MoreInFlight || batch.Events.Count == limit;
        if (batch.Events.Count == 0)
        {
            return [];
        }

        _readPosition = batch.Events[^1].Position;
        return [.. batch.Events.Select(e => (IBatchContainer)new StreamLogBatchContainer(
            OrleansStreamId.Create(e.Stream.Namespace, e.Stream.Key), new StreamLogSequenceToken(e.Position), e.EventType, e.Payload))];
    }

    private async Task<bool> TryTakeLockAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Another silo holds it, or the database is down: ask again after the idle interval, not every 50-ms tick.
        _nextLockAttempt = now + options.IdleReadInterval;
        var taken = await PartitionLock.TryTakeAsync(dataSource, checkpointName, partition, logger, cancellationToken).ConfigureAwait(false);
        if (taken is null)
        {
            return false;
        }

        try
        {
            // What the previous owner delivered is behind its last checkpoint; read from there.
            _checkpoint = await log.ReadCheckpointAsync(taken, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await taken.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        _lock = taken;
        _readPosition = _checkpoint;
        _readAgain = true;
        LogOwned(checkpointName, partition, _checkpoint.TransactionId, _checkpoint.EventId);
        return true;
    }

    // The lock's session failed: the lock may have gone with it, and another silo may own the
    // partition now. Let it go; it is taken again (and read from the checkpoint) later.
    private async Task LostAsync(Exception error)
    {
        database?.TryReport(error, $"Stream log {checkpointName} partition {partition}");
        _nextLockAttempt = clock.GetUtcNow() + options.IdleReadInterval;
        await ReleaseLockAsync().ConfigureAwait(false);
    }

    private async Task ReleaseLockAsync()
    {
        var held = _lock;
        _lock = null;
        if (held is not null)
        {
            await held.DisposeAsync().ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Stream log {Checkpoint} partition {Partition}: this silo reads it now, from ({TransactionId}, {EventId}).")]
    private partial void LogOwned(string checkpoint, int partition, long transactionId, long eventId);
}
