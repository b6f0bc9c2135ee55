using Lottopar.Testing;

namespace Lottopar.Providers.Tests.Infrastructure;

/// <summary>
/// The membership row of a silo whose process was killed: Active, alive a moment ago, at an
/// address where nothing listens any more. Written with the provider's own insert statement.
/// </summary>
public static class VanishedSilo
{
    /// <summary>Inserts the row and answers its port.</summary>
    public static async Task<int> InsertAsync(TestDatabase database, string clusterId)
    {
        var port = FreePort.Next();
        await using var connection = await database.DataSource.OpenConnectionAsync();
        var now = DateTime.UtcNow;
        await Eventually.HoldsAsync(
            async () => await OrleansQueryText.ScalarAsync(connection, "InsertMembershipKey",
                ("DeploymentId", clusterId), ("Address", "127.0.0.1"), ("Port", port), ("Generation", 1),
                ("SiloName", "vanished"), ("HostName", "gone"), ("Status", MembershipTable.Active), ("ProxyPort", 0),
                ("StartTime", now), ("IAmAliveTime", now),
                ("Version", await MembershipTable.VersionAsync(database, clusterId))),
            inserted => inserted == 1,
            "the vanished silo's row is in (the version may move under us)");
        return port;
    }
}
