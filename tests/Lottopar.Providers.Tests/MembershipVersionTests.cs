using Lottopar.Providers.Tests.Infrastructure;
using Lottopar.Testing;
using Npgsql;
using Xunit;

namespace Lottopar.Providers.Tests;

/// <summary>
/// The membership writes' concurrency rule, on the statements Orleans runs (InsertMembershipKey,
/// UpdateMembershipKey, which call orleans_insert_membership and orleans_update_membership): a
/// write based on a stale table version answers 0 and changes nothing.
/// </summary>
public sealed class MembershipVersionTests
{
    private static readonly DateTime Now = DateTime.UtcNow;

    [Fact]
    public async Task An_insert_with_a_stale_version_is_refused_and_changes_nothing()
    {
        var (database, clusterId) = await NewClusterAsync();
        await using var connection = await database.DataSource.OpenConnectionAsync();
        Assert.Equal(1, await InsertAsync(connection, clusterId, port: 11111, version: 0));

        Assert.Equal(0, await InsertAsync(connection, clusterId, port: 22222, version: 0));

        Assert.Equal(1, await MembershipTable.VersionAsync(database, clusterId));
        Assert.Equal(11111, Assert.Single(await MembershipTable.ReadAsync(database, clusterId)).Port);
    }

    [Fact]
    public async Task An_update_with_a_stale_version_is_refused_and_changes_nothing()
    {
        var (database, clusterId) = await NewClusterAsync();
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await InsertAsync(connection, clusterId, port: 11111, version: 0);
        Assert.Equal(1, await UpdateAsync(connection, clusterId, port: 11111, status: MembershipTable.Active, version: 1));

        Assert.Equal(0, await UpdateAsync(connection, clusterId, port: 11111, status: MembershipTable.Dead, version: 1));

        Assert.Equal(2, await MembershipTable.VersionAsync(database, clusterId));
        Assert.Equal(MembershipTable.Active, Assert.Single(await MembershipTable.ReadAsync(database, clusterId)).Status);
    }

    [Fact]
    public async Task Of_two_concurrent_updates_with_the_same_version_exactly_one_wins()
    {
        var (database, clusterId) = await NewClusterAsync();
        await using (var setup = await database.DataSource.OpenConnectionAsync())
        {
            await InsertAsync(setup, clusterId, port: 11111, version: 0);
        }

        await using var first = await database.DataSource.OpenConnectionAsync();
        await using var second = await database.DataSource.OpenConnectionAsync();
        await using var firstTransaction = await first.BeginTransactionAsync();
        await using var secondTransaction = await second.BeginTransactionAsync();

        // The first writer has updated but not committed when the second, which read the same
        // version, tries: the second must wait for the first and then find the version moved.
        var firstResult = await UpdateAsync(first, clusterId, port: 11111, status: MembershipTable.Active, version: 1);
        var secondWrite = UpdateAsync(second, clusterId, port: 11111, status: MembershipTable.Dead, version: 1);
        await WaitUntilBlockedAsync(database, second.ProcessID, secondWrite);
        await firstTransaction.CommitAsync();
        var secondResult = await secondWrite;
        await secondTransaction.CommitAsync();

        Assert.Equal((1, 0), (firstResult, secondResult));
        Assert.Equal(2, await MembershipTable.VersionAsync(database, clusterId));
        Assert.Equal(MembershipTable.Active, Assert.Single(await MembershipTable.ReadAsync(database, clusterId)).Status);
    }

    private static async Task<(TestDatabase Database, string ClusterId)> NewClusterAsync()
    {
        var database = await TestDatabase.CreateAsync("membership");
        var clusterId = $"cluster-{Guid.NewGuid():N}";
        await using var connection = await database.DataSource.OpenConnectionAsync();
        Assert.Equal(1, await OrleansQueryText.ScalarAsync(connection, "InsertMembershipVersionKey", ("DeploymentId", clusterId)));
        return (database, clusterId);
    }

    private static Task<int> InsertAsync(NpgsqlConnection connection, string clusterId, int port, int version) =>
        OrleansQueryText.ScalarAsync(connection, "InsertMembershipKey",
            ("DeploymentId", clusterId), ("Address", "127.0.0.1"), ("Port", port), ("Generation", 1),
            ("SiloName", $"silo-{port}"), ("HostName", "test"), ("Status", 2), ("ProxyPort", port + 1),
            ("StartTime", Now), ("IAmAliveTime", Now), ("Version", version));

    private static Task<int> UpdateAsync(NpgsqlConnection connection, string clusterId, int port, int status, int version) =>
        OrleansQueryText.ScalarAsync(connection, "UpdateMembershipKey",
            ("DeploymentId", clusterId), ("Address", "127.0.0.1"), ("Port", port), ("Generation", 1),
            ("Status", status), ("SuspectTimes", null), ("IAmAliveTime", Now), ("Version", version));

    // Either the write is seen waiting on a lock, or it finished without waiting (then the
    // assertions on its answer tell whether it was wrongly let through).
    private static async Task WaitUntilBlockedAsync(TestDatabase database, int processId, Task write)
    {
        await Eventually.HoldsAsync(
            async () => write.IsCompleted || await database.ScalarAsync<bool>(
                "select exists (select 1 from pg_stat_activity where pid = $1 and wait_event_type = 'Lock')", processId),
            blocked => blocked,
            "the second writer waits for the first");
    }
}
