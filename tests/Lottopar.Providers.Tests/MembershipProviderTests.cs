using System.Net;
using Lottopar.Providers.PostgreSql;
using Lottopar.Providers.Tests.Infrastructure;
using Lottopar.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime.MembershipService;
using Xunit;

namespace Lottopar.Providers.Tests;

/// <summary>
/// Orleans' clustering provider called directly, for the statements a running cluster seldom
/// issues: removing defunct silos' rows (a week after death by default) and deleting a cluster.
/// </summary>
public sealed class MembershipProviderTests
{
    private static readonly DateTime Now = DateTime.UtcNow;

    [Fact]
    public async Task Cleanup_removes_only_the_old_rows_of_silos_that_are_not_active()
    {
        var database = await TestDatabase.CreateAsync("membership_cleanup");
        var table = await ProviderAsync(database, $"cluster-{Guid.NewGuid():N}");
        var oldDead = Entry(11001, SiloStatus.Dead, aliveAt: Now.AddHours(-2));
        var oldActive = Entry(11002, SiloStatus.Active, aliveAt: Now.AddHours(-2));
        var recentDead = Entry(11003, SiloStatus.Dead, aliveAt: Now);
        foreach (var entry in new[] { oldDead, oldActive, recentDead })
        {
            Assert.True(await table.InsertRowAsync(entry, (await table.ReadAllAsync(CancellationToken.None)).Version.Next(), CancellationToken.None));
        }

        await table.CleanupDefunctSiloEntriesAsync(Now.AddHours(-1), CancellationToken.None);

        var members = (await table.ReadAllAsync(CancellationToken.None)).Members.Select(member => member.Item1).OrderBy(entry => entry.SiloAddress.Endpoint.Port).ToList();
        Assert.Equal([oldActive.SiloAddress, recentDead.SiloAddress], members.Select(entry => entry.SiloAddress));
        // What the provider reads back is what it wrote, to the millisecond our columns keep.
        var read = members[0];
        Assert.Equal((oldActive.Status, oldActive.ProxyPort, oldActive.SiloName, oldActive.HostName),
            (read.Status, read.ProxyPort, read.SiloName, read.HostName));
        Assert.Equal(oldActive.StartTime, read.StartTime, TimeSpan.FromMilliseconds(1));
        Assert.Equal(oldActive.IAmAliveTime, read.IAmAliveTime, TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public async Task Deleting_a_cluster_removes_its_rows_and_version_and_nothing_of_another_cluster()
    {
        var database = await TestDatabase.CreateAsync("membership_delete");
        var (deleted, kept) = ($"cluster-{Guid.NewGuid():N}", $"cluster-{Guid.NewGuid():N}");
        foreach (var clusterId in new[] { deleted, kept })
        {
            var table = await ProviderAsync(database, clusterId);
            Assert.True(await table.InsertRowAsync(Entry(12001, SiloStatus.Active, Now), (await table.ReadAllAsync(CancellationToken.None)).Version.Next(), CancellationToken.None));
        }

        await (await ProviderAsync(database, deleted)).DeleteMembershipTableEntriesAsync(deleted, CancellationToken.None);

        Assert.Empty(await MembershipTable.ReadAsync(database, deleted));
        Assert.Equal(0L, await database.ScalarAsync<long>(
            "select count(*) from orleans_membership_version where deployment_id = $1", deleted));
        Assert.Single(await MembershipTable.ReadAsync(database, kept));
        Assert.Equal(1, await MembershipTable.VersionAsync(database, kept));
    }

    private static async Task<AdoNetClusteringTable> ProviderAsync(TestDatabase database, string clusterId)
    {
        var table = new AdoNetClusteringTable(
            new ServiceCollection().BuildServiceProvider(),
            Options.Create(new ClusterOptions { ClusterId = clusterId, ServiceId = clusterId }),
            Options.Create(new AdoNetClusteringSiloOptions
            {
                Invariant = ProviderNames.NpgsqlInvariant,
                ConnectionString = TestSilo.ConnectionString(database),
            }),
            NullLogger<AdoNetClusteringTable>.Instance);
        await table.InitializeMembershipTableAsync(tryInitTableVersion: true, CancellationToken.None);
        return table;
    }

    private static MembershipEntry Entry(int port, SiloStatus status, DateTime aliveAt) => new()
    {
        SiloAddress = SiloAddress.New(IPAddress.Loopback, port, 1),
        Status = status,
        ProxyPort = port + 1000,
        SiloName = $"silo-{port}",
        HostName = "test-host",
        StartTime = aliveAt.AddMinutes(-1),
        IAmAliveTime = aliveAt,
    };
}
