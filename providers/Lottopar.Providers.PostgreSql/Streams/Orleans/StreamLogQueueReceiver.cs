using System.Data;
using Lottopar.Providers.PostgreSql.Outages;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.Streams;
using OrleansStreamId = Orleans.Runtime.StreamId;

namespace Lottopar.Providers.PostgreSql.Streams.Orleans;

/// <summary>
/// Reads one partition of one namespace of the stream log for Orleans' pulling agent.
/// <list type="bullet">
/// <item>Exclusive: it reads only while it holds a session-level advisory lock on a connection
/// of its own, so while Orleans hands the queue from one silo to another (the old agent may still
/// run) two receivers never read the partition at once. Without the lock it returns nothing and
/// tries again on the next call.</item>
/// <item>From the checkpoint: once it holds the lock it starts after the partition's checkpoint,
/// read then (not before), so it sees what the previous owner saved.</item>
/// <item>Behind the transaction horizon (<see cref="IStreamLog.ReadAfterAsync"/>): in commit
/// order, nothing skipped.</item>
/// <item>Checkpoints move forward, and only over what Orleans' cache has purged
/// (<c>MessagesDeliveredAsync</c>): events no consumer cursor still points at, so delivered
/// or dead-lettered. Delivered events not yet checkpointed are delivered again after a handoff or
/// restart: at least once.</item>
/// <item>Idle cheaply: a tick reads the log only when this silo signalled the partition (a commit
/// here, a NOTIFY from another silo), the last read was full or held back by the horizon, or
/// <see cref="StreamLogProviderOptions.IdleReadInterval"/> has passed.</item>
/// </list>
/// </summary>
internal sealed partial class StreamLogQueueReceiver(
    NpgsqlDataSource dataSource,
    IStreamLog log,
    StreamSignals? signals,
    string checkpointName,
    string streamNamespace,
    int partition,
    StreamLogProviderOptions options,
    TimeProvider clock,
    ILogger logger) : IQueueAdapterReceiver
{
    private const string TryLockSql = "select pg_try_advisory_lock($1, $2)";
    private const string UnlockSql = "select pg_advisory_unlock($1, $2)";

    // The lock's keys: the checkpoint's name hashed, and the partition (PostgreSQL keeps two-int
    // keys apart from single bigint keys, which other parts of the platform may use).
    private readonly int _lockKey = LockKeyOf(checkpointName);
    private NpgsqlConnection? _lockConnection;
    private AsyncSignal? _signal;
    private StreamPosition _readPosition;
    private StreamPosition _checkpoint;
    private DateTimeOffset _lastRead = DateTimeOffset.MinValue;
    private bool _readAgain;

    /// <summary>Whether this receiver holds its partition's lock (for tests).</summary>
    internal bool Owns => _lockConnection is { FullState: ConnectionState.Open };

    public Task Initialize(TimeSpan timeout)
    {
        _signal = signals?.Subscribe(streamNamespace, partition);
        return Task.CompletedTask;
    }

    [Obsolete("Orleans calls the overload with a cancellation token.")]
    public Task<IList<IBatchContainer>> GetQueueMessagesAsync(int maxCount) => GetQueueMessagesAsync(maxCount, CancellationToken.None);

    public async Task<IList<IBatchContainer>> GetQueueMessagesAsync(int maxCount, CancellationToken cancellationToken)
    {
        if (!Owns && !await TryTakeLockAsync(cancellationToken).ConfigureAwait(false))
        {
            return [];
        }

        var now = clock.GetUtcNow();
        var signalled = _signal is not null && await _signal.WaitAsync(TimeSpan.Zero, CancellationToken.None).ConfigureAwait(false);
        if (!signalled && !_readAgain && now - _lastRead < options.IdleReadInterval)
        {
            return [];
        }

        var limit = Math.Min(maxCount, options.BatchSize);
        var batch = await log.ReadAfterAsync(streamNamespace, partition, _readPosition, limit, cancellationToken).ConfigureAwait(false);
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

    [Obsolete("Orleans calls the overload with a cancellation token.")]
    public Task MessagesDeliveredAsync(IList<IBatchContainer> messages) => MessagesDeliveredAsync(messages, CancellationToken.None);

    public async Task MessagesDeliveredAsync(IList<IBatchContainer> messages, CancellationToken cancellationToken)
    {
        var delivered = messages.OfType<StreamLogBatchContainer>().Select(m => m.Token.Position).DefaultIfEmpty(StreamPosition.Start).Max();
        if (delivered <= _checkpoint)
        {
            return;
        }

        await log.SaveCheckpointAsync(checkpointName, partition, delivered, clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        _checkpoint = delivered;
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

    private async Task<bool> TryTakeLockAsync(CancellationToken cancellationToken)
    {
        // A connection that broke lost its session's lock with it: another receiver may own the partition now.
        await ReleaseLockAsync().ConfigureAwait(false);
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var command = new NpgsqlCommand(TryLockSql, connection);
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = _lockKey });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = partition });
            if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not true)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
                return false;
            }

            // What the previous owner delivered is behind its last checkpoint; read from there.
            _checkpoint = await log.ReadCheckpointAsync(checkpointName, partition, cancellationToken).ConfigureAwait(false);
            _readPosition = _checkpoint;
            _readAgain = true;
            _lockConnection = connection;
            LogOwned(checkpointName, partition, _checkpoint.TransactionId, _checkpoint.EventId);
            return true;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task ReleaseLockAsync()
    {
        var connection = _lockConnection;
        _lockConnection = null;
        if (connection is null)
        {
            return;
        }

        try
        {
            if (connection.FullState == ConnectionState.Open)
            {
                await using var command = new NpgsqlCommand(UnlockSql, connection);
                command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = _lockKey });
                command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = partition });
                await command.ExecuteScalarAsync().ConfigureAwait(false);
            }
        }
        catch (NpgsqlException exception)
        {
            // The lock must end with the session, not go back to the pool with it (the silo's pool
            // skips the reset that would release it): the pool closes this connection on return.
            LogUnlockFailed(exception, checkpointName, partition);
            NpgsqlConnection.ClearPool(connection);
        }
        finally
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static int LockKeyOf(string name)
    {
        var hash = 2166136261u;
        foreach (var c in name)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return unchecked((int)hash);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Stream log {Checkpoint} partition {Partition}: this silo reads it now, from ({TransactionId}, {EventId}).")]
    private partial void LogOwned(string checkpoint, int partition, long transactionId, long eventId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stream log {Checkpoint} partition {Partition}: unlocking failed; closing the session releases the lock.")]
    private partial void LogUnlockFailed(Exception exception, string checkpoint, int partition);
}
