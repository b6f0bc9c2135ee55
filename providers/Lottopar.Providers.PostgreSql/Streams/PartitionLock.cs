using System.Data;
using Lottopar.Providers.PostgreSql.Outages;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Lottopar.Providers.PostgreSql.Streams;

/// <summary>
/// Ownership of one partition of the log for one reader (a projection, an Orleans stream queue):
/// a session-level advisory lock and the connection that holds it. The reader's reads and
/// checkpoint writes go through <see cref="IStreamLog"/> on this connection and no other, so they
/// run only while the session, and with it the lock, is alive: a connection that broke, was
/// terminated or whose silo died (the socket closes, PostgreSQL ends the session and releases the
/// lock) can no longer read or checkpoint, even before its owner notices. Not thread-safe: one
/// statement at a time, as Npgsql connections are.
/// </summary>
public sealed partial class PartitionLock : IAsyncDisposable
{
    // Two-int keys: PostgreSQL keeps them apart from single bigint keys, which other parts of the platform may use.
    private const string TryLockSql = "select pg_try_advisory_lock($1, $2)";
    private const string UnlockSql = "select pg_advisory_unlock($1, $2)";

    /// <summary>
    /// The key of the <see cref="NpgsqlDataSource"/> service partition locks (and a silo's presence,
    /// <see cref="DeliveryShares"/>) take their connections from, when the host registers one. A lock
    /// keeps its connection for as long as it owns its partition, one per partition of every
    /// projection and consumed namespace: on the application's pool they would leave the requests
    /// whatever remains. Without it, the unkeyed data source.
    /// </summary>
    public const string DataSourceKey = "lottopar-stream-locks";

    private readonly int _key;
    private readonly ILogger _logger;

    private PartitionLock(NpgsqlConnection connection, string subscription, int partition, int key, ILogger logger)
    {
        Connection = connection;
        Subscription = subscription;
        Partition = partition;
        _key = key;
        _logger = logger;
    }

    /// <summary>The checkpoint name the lock is keyed by (a projection's name, an Orleans queue's checkpoint).</summary>
    public string Subscription { get; }

    public int Partition { get; }

    /// <summary>The session holding the lock; statements of the owner run on it.</summary>
    internal NpgsqlConnection Connection { get; }

    /// <summary>False once the connection is known to be broken or closed (the lock went with it).</summary>
    public bool IsOpen => Connection.FullState == ConnectionState.Open;

    /// <summary>The data source locks take their connections from (<see cref="DataSourceKey"/>).</summary>
    internal static NpgsqlDataSource DataSourceOf(IServiceProvider services) =>
        services.GetKeyedService<NpgsqlDataSource>(DataSourceKey) ?? services.GetRequiredService<NpgsqlDataSource>();

    /// <summary>Takes the partition's lock on a connection of its own; null when another session holds it.</summary>
    public static async Task<PartitionLock?> TryTakeAsync(
        NpgsqlDataSource dataSource, string subscription, int partition, ILogger logger, CancellationToken cancellationToken)
    {
        var key = KeyOf(subscription);
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var command = new NpgsqlCommand(TryLockSql, connection);
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = key });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = partition });
            if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true)
            {
                return new PartitionLock(connection, subscription, partition, key, logger);
            }
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        await connection.DisposeAsync().ConfigureAwait(false);
        return null;
    }

    /// <summary>Releases the lock and hands the connection back; a lock whose unlock failed is never handed back with it.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (IsOpen)
            {
                await using var command = new NpgsqlCommand(UnlockSql, Connection);
                command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = _key });
                command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = Partition });
                await command.ExecuteScalarAsync().ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException)
        {
            // The lock must end with the session, not go back to the pool with it (the silo's pool
            // skips the reset that would release it): the pool closes this connection on return.
            if (DatabaseOutage.IsOutage(exception))
            {
                LogUnlockFailedInOutage(Subscription, Partition, exception.Message);
            }
            else
            {
                LogUnlockFailed(exception, Subscription, Partition);
            }

            NpgsqlConnection.ClearPool(Connection);
        }
        finally
        {
            await Connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>FNV-1a of the name (as the partitioner hashes stream ids): the lock's first key.</summary>
    internal static int KeyOf(string name) => unchecked((int)StreamPartitioner.Fnv1a(StreamPartitioner.OffsetBasis, name));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stream log {Subscription} partition {Partition}: unlocking failed; closing the session releases the lock.")]
    private partial void LogUnlockFailed(Exception exception, string subscription, int partition);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Stream log {Subscription} partition {Partition}: unlocking failed in an outage ({Error}); closing the session releases the lock.")]
    private partial void LogUnlockFailedInOutage(string subscription, int partition, string error);
}
