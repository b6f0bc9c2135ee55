using System.Collections.Concurrent;
using Lottopar.Providers.PostgreSql.Outages;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Lottopar.Providers.PostgreSql.Streams;

/// <summary>
/// How many partitions of each subscription this silo should own, so that silos running the same
/// projection split its partitions instead of the first one started keeping them all. Each silo
/// holds a shared advisory lock per subscription on a connection of its own (its presence: gone
/// with the session when the silo dies or loses the connection); counting the holders gives the
/// silos running it, and a silo's share is the partitions divided among them, rounded up. A silo
/// over its share hands partitions back; one under it takes free ones. Shares only balance the
/// work: one owner per partition is the partition locks' guarantee, whatever the counts say.
/// </summary>
internal sealed partial class DeliveryShares(
    NpgsqlDataSource dataSource,
    IEnumerable<StreamSubscription> subscriptions,
    IOptions<ProviderOptions> options,
    DatabaseOutage database,
    ILogger<DeliveryShares> logger)
{
    // Objid -1 (4294967295 as an oid) keeps presence locks apart from partition locks (0 to 15).
    private const int PresenceKey = -1;

    private const string TakeSql = "select pg_try_advisory_lock_shared($1, $2)";

    private const string CountSql = """
        select classid::bigint, count(*)::int from pg_locks
        where locktype = 'advisory' and granted and objsubid = 2 and objid = 4294967295::oid
          and database = (select oid from pg_database where datname = current_database())
          and classid = any($1::bigint[]::oid[])
        group by classid
        """;

    private readonly Dictionary<long, string> _byKey = subscriptions.DistinctBy(s => s.Name)
        .ToDictionary(s => (long)(uint)PartitionLock.KeyOf(PresenceName(s.Name)), s => s.Name);
    private readonly ConcurrentDictionary<string, int> _silos = new();
    private readonly ConcurrentDictionary<string, int> _owned = new();

    /// <summary>Partitions of <paramref name="subscription"/> this silo owns now.</summary>
    public int Owned(string subscription) => _owned.GetValueOrDefault(subscription);

    /// <summary>Partitions this silo should own; all of them while it knows of no other silo.</summary>
    public int ShareOf(string subscription)
    {
        var silos = Math.Max(1, _silos.GetValueOrDefault(subscription, 1));
        return (StreamPartitioner.PartitionCount + silos - 1) / silos;
    }

    public bool MayTake(string subscription) => Owned(subscription) < ShareOf(subscription);

    public void Took(string subscription) => _owned.AddOrUpdate(subscription, 1, (_, n) => n + 1);

    public void Released(string subscription) => _owned.AddOrUpdate(subscription, 0, (_, n) => n - 1);

    /// <summary>True, counting the partition as released, when this silo owns more than its share.</summary>
    public bool TryHandBack(string subscription)
    {
        while (true)
        {
            var owned = Owned(subscription);
            if (owned <= ShareOf(subscription))
            {
                return false;
            }

            if (_owned.TryUpdate(subscription, owned - 1, owned))
            {
                return true;
            }
        }
    }

    /// <summary>Holds this silo's presence and counts the silos of each subscription until stopped.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        if (_byKey.Count == 0)
        {
            return;
        }

        var interval = options.Value.StreamOwnershipRetry;
        var outage = new Outage(logger, database, "Counting the silos of stream delivery", interval, TimeSpan.FromSeconds(30));
        NpgsqlConnection? presence = null;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    presence ??= await ShowPresenceAsync(stoppingToken).ConfigureAwait(false);
                    await CountAsync(presence, stoppingToken).ConfigureAwait(false);
                    outage.Succeeded();
                    await Pause.ForAsync(interval, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception error)
                {
                    // Counts unknown: this silo takes whatever is free, which the partition locks keep safe.
                    _silos.Clear();
                    await CloseAsync(presence).ConfigureAwait(false);
                    presence = null;

                    await Pause.ForAsync(outage.Failed(error), stoppingToken).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            await CloseAsync(presence).ConfigureAwait(false);
        }
    }

    // The presence ends with its locks; the pool skips the session reset that would release them,
    // so a connection that could not unlock is closed rather than handed back with them.
    private static async Task CloseAsync(NpgsqlConnection? presence)
    {
        if (presence is null)
        {
            return;
        }

        try
        {
            await using var unlock = new NpgsqlCommand("select pg_advisory_unlock_all()", presence);
            await unlock.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException)
        {
            NpgsqlConnection.ClearPool(presence);
        }
        finally
        {
            await presence.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task<NpgsqlConnection> ShowPresenceAsync(CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var key in _byKey.Keys)
            {
                await using var take = new NpgsqlCommand(TakeSql, connection);
                take.Parameters.Add(new NpgsqlParameter<int> { TypedValue = unchecked((int)(uint)key) });
                take.Parameters.Add(new NpgsqlParameter<int> { TypedValue = PresenceKey });
                await take.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            }

            return connection;
        }
        catch
        {
            await CloseAsync(connection).ConfigureAwait(false);
            throw;
        }
    }

    private async Task CountAsync(NpgsqlConnection presence, CancellationToken cancellationToken)
    {
        await using var count = new NpgsqlCommand(CountSql, presence);
        count.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. _byKey.Keys] });
        await using var reader = await count.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var subscription = _byKey[reader.GetInt64(0)];
            var silos = reader.GetInt32(1);
            if (_silos.GetValueOrDefault(subscription) != silos)
            {
                LogSilos(subscription, silos);
            }

            _silos[subscription] = silos;
        }
    }

    private static string PresenceName(string subscription) => $"presence:{subscription}";

    [LoggerMessage(Level = LogLevel.Debug, Message = "Stream delivery {Subscription}: {Silos} silo(s) share its partitions.")]
    private partial void LogSilos(string subscription, int silos);
}
