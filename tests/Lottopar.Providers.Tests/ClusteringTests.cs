using System.Diagnostics;
using Lottopar.Providers.PostgreSql;
using Lottopar.Providers.Tests.Infrastructure;
using Lottopar.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Xunit;
using Xunit.Abstractions;

namespace Lottopar.Providers.Tests;

/// <summary>
/// Orleans' own ADO.NET clustering provider (10.4.2) running a cluster of real silos on our
/// membership schema: joining, heart-beating, leaving, and the death of a silo that vanished.
/// </summary>
public sealed class ClusteringTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Two_silos_join_one_cluster_and_each_sees_both_active()
    {
        var database = await TestDatabase.CreateAsync("clustering");
        var clusterId = NewClusterId();
        var clock = Stopwatch.StartNew();
        var silos = await Task.WhenAll(
            TestSilo.StartAsync(database, clusterId, "first"), TestSilo.StartAsync(database, clusterId, "second"));
        await using var first = silos[0];
        await using var second = silos[1];

        var rows = await Eventually.HoldsAsync(
            () => MembershipTable.ReadAsync(database, clusterId),
            rows => rows.Count(row => row.Status == MembershipTable.Active) == 2,
            "both silos are Active in orleans_membership");
        output.WriteLine($"Two silos started together were Active after {clock.Elapsed.TotalMilliseconds:F0} ms.");
        Assert.Equal(new[] { first.SiloPort, second.SiloPort }.Order(), rows.Select(row => row.Port));
        Assert.Equal(new[] { first.GatewayPort, second.GatewayPort }.Order(), rows.Select(row => row.ProxyPort!.Value).Order());
        Assert.All(rows, row => Assert.Equal("127.0.0.1", row.Address));
        Assert.Equal(["first", "second"], rows.Select(row => row.SiloName).Order());

        foreach (var silo in silos)
        {
            await Eventually.HoldsAsync(() => silo.ActiveSilosSeen == 2, $"the silo on port {silo.SiloPort} sees two active silos");
            var hosts = await silo.Grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
            Assert.Equal(2, hosts.Count);
        }

        // Heartbeats (UpdateIAmAlivetimeKey) move every row's i_am_alive_time on.
        await Eventually.HoldsAsync(
            () => MembershipTable.ReadAsync(database, clusterId),
            now => now.All(row => row.IAmAliveTime > rows.Single(before => before.Port == row.Port).IAmAliveTime),
            "both silos heart-beat into the table");
    }

    [Fact]
    public async Task A_client_finds_the_gateways_of_the_active_silos()
    {
        var database = await TestDatabase.CreateAsync("gateways");
        var clusterId = NewClusterId();
        await using var silo = await TestSilo.StartAsync(database, clusterId, "gateway");

        using var client = Host.CreateDefaultBuilder()
            .ConfigureLogging(logging => logging.ClearProviders())
            .UseOrleansClient(client => client
                .Configure<ClusterOptions>(options =>
                {
                    options.ClusterId = clusterId;
                    options.ServiceId = clusterId;
                })
                .UseAdoNetClustering(options =>
                {
                    options.Invariant = ProviderNames.NpgsqlInvariant;
                    options.ConnectionString = TestSilo.ConnectionString(database);
                }))
            .Build();
        // Without a gateway the client retries for minutes; the test gives up sooner.
        await client.StartAsync().WaitAsync(TimeSpan.FromSeconds(15));

        var hosts = await client.Services.GetRequiredService<IClusterClient>().GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        Assert.Equal(silo.SiloPort, Assert.Single(hosts).Key.Endpoint.Port);
        await client.StopAsync();
    }

    [Fact]
    public async Task A_stopped_silo_ends_dead_and_the_table_version_only_moves_forward()
    {
        var database = await TestDatabase.CreateAsync("leaving");
        var clusterId = NewClusterId();
        await using var staying = await TestSilo.StartAsync(database, clusterId, "staying");
        await using var leaving = await TestSilo.StartAsync(database, clusterId, "leaving");
        await Eventually.HoldsAsync(() => staying.ActiveSilosSeen == 2, "the staying silo sees the other join");

        using var watch = new VersionWatch(database, clusterId);
        var clock = Stopwatch.StartNew();
        await leaving.StopAsync();
        output.WriteLine($"The silo stopped in {clock.Elapsed.TotalMilliseconds:F0} ms.");

        var rows = await Eventually.HoldsAsync(
            () => MembershipTable.ReadAsync(database, clusterId),
            rows => rows.Single(row => row.Port == leaving.SiloPort).Status == MembershipTable.Dead,
            "the stopped silo's row says Dead");
        Assert.Equal(MembershipTable.Active, rows.Single(row => row.Port == staying.SiloPort).Status);
        await Eventually.HoldsAsync(() => staying.ActiveSilosSeen == 1, "the staying silo no longer counts the stopped one");

        var versions = await watch.StopAsync();
        output.WriteLine($"Versions seen while it left: {string.Join(", ", versions)}.");
        Assert.True(versions[^1] > versions[0], $"the version moved on while the silo left: {string.Join(",", versions)}");
        Assert.Equal(versions.Order(), versions);
    }

    [Fact]
    public async Task A_silo_that_vanished_without_stopping_is_declared_dead_by_the_survivor()
    {
        var database = await TestDatabase.CreateAsync("vanished");
        var clusterId = NewClusterId();
        await using var survivor = await TestSilo.StartAsync(database, clusterId, "survivor");

        // The row a killed process leaves: Active, recently alive, at an address nobody listens on.
        var vanishedPort = await VanishedSilo.InsertAsync(database, clusterId);
        var clock = Stopwatch.StartNew();
        var rows = await Eventually.HoldsAsync(
            () => MembershipTable.ReadAsync(database, clusterId),
            rows => rows.Single(row => row.Port == vanishedPort).Status == MembershipTable.Dead,
            "the survivor declares the vanished silo dead",
            TimeSpan.FromSeconds(20));

        output.WriteLine($"Declared dead {clock.Elapsed.TotalMilliseconds:F0} ms after its row appeared.");
        var vanished = rows.Single(row => row.Port == vanishedPort);
        output.WriteLine($"Its suspicions: {vanished.SuspectTimes}.");
        Assert.Contains($"127.0.0.1:{survivor.SiloPort}", vanished.SuspectTimes);
    }

    private static string NewClusterId() => $"cluster-{Guid.NewGuid():N}";
}
