using Lottopar.Providers.PostgreSql.Streams;
using Lottopar.Testing;

namespace Lottopar.Providers.Tests.Streams;

/// <summary>Who holds a partition's lock, as PostgreSQL sees it, and how a test takes it away.</summary>
internal static class PartitionLocks
{
    // A two-int advisory lock shows its first key as classid and its second as objid (both oid, so
    // the first's bit pattern read unsigned), with objsubid 2.
    private const string HolderSql = """
        select pid from pg_locks
        where locktype = 'advisory' and granted and objsubid = 2
          and database = (select oid from pg_database where datname = current_database())
          and classid = $1::bigint::oid and objid = $2::bigint::oid
        """;

    /// <summary>The backend (session) holding the lock of <paramref name="subscription"/>'s partition, or 0.</summary>
    public static async Task<int> HolderAsync(TestDatabase database, string subscription, int partition) =>
        await database.ScalarAsync<int>(HolderSql, (long)(uint)PartitionLock.KeyOf(subscription), (long)partition);

    /// <summary>Ends the holder's session, as a dropped connection or a dead silo would: its lock goes with it.</summary>
    public static async Task TerminateHolderAsync(TestDatabase database, string subscription, int partition)
    {
        var holder = await HolderAsync(database, subscription, partition);
        if (holder == 0)
        {
            throw new InvalidOperationException($"Nobody holds {subscription} partition {partition}.");
        }

        await database.ScalarAsync<bool>("select pg_terminate_backend($1)", holder);
        await Eventually.HoldsAsync(() => HolderAsync(database, subscription, partition), pid => pid == 0, "the terminated session's lock is released");
    }
}
