using System.Net;
using Lottopar.Providers.PostgreSql;
using Lottopar.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.Configuration;

namespace Lottopar.Providers.Tests.Infrastructure;

/// <summary>
/// A real Orleans silo in this process, on Orleans' own ADO.NET clustering provider over our
/// schema, with membership timings short enough for tests to see joins and deaths in seconds.
/// </summary>
public sealed class TestSilo : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _stopped;

    private TestSilo(IHost host, int siloPort, int gatewayPort)
    {
        _host = host;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
    }

    public int SiloPort { get; }

    public int GatewayPort { get; }

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    /// <summary>How many silos this silo's own view of the cluster holds as Active.</summary>
    public int ActiveSilosSeen =>
        _host.Services.GetRequiredService<IClusterMembershipService>().CurrentSnapshot.Members.Values
            .Count(member => member.Status == SiloStatus.Active);

    public static async Task<TestSilo> StartAsync(
        TestDatabase database, string clusterId, string name, Action<ISiloBuilder>? configure = null)
    {
        var siloPort = FreePort.Next();
        var gatewayPort = FreePort.Next();
        var connectionString = ConnectionString(database);
        var host = Host.CreateDefaultBuilder()
            .ConfigureLogging(logging => logging.ClearProviders())
            .UseOrleans(silo =>
            {
                silo.Configure<ClusterOptions>(options =>
                    {
                        options.ClusterId = clusterId;
                        options.ServiceId = clusterId;
                    })
                    .Configure<SiloOptions>(options => options.SiloName = name)
                    .Configure<ClusterMembershipOptions>(QuickMembership)
                    .ConfigureEndpoints(IPAddress.Loopback, siloPort, gatewayPort)
                    .UseAdoNetClustering(options =>
                    {
                        options.Invariant = ProviderNames.NpgsqlInvariant;
                        options.ConnectionString = connectionString;
                    });
                configure?.Invoke(silo);
            })
            .Build();
        try
        {
            await host.StartAsync();
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return new TestSilo(host, siloPort, gatewayPort);
    }

    /// <summary>
    /// The connection the providers get. Its session time zone is not UTC on purpose: the
    /// providers' timestamps must not depend on it.
    /// </summary>
    public static string ConnectionString(TestDatabase database) =>
        new NpgsqlConnectionStringBuilder(database.ConnectionString) { Timezone = "America/Sao_Paulo" }.ConnectionString;

    /// <summary>Stops the silo gracefully, as a deployment does.</summary>
    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await _host.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _host.Dispose();
    }

    // A silo is probed every ProbeTimeout and suspected after NumMissedProbesLimit misses; with
    // two silos one vote is enough to declare death. The table is re-read every second.
    private static void QuickMembership(ClusterMembershipOptions options)
    {
        options.ProbeTimeout = TimeSpan.FromSeconds(1);
        options.NumMissedProbesLimit = 2;
        options.TableRefreshTimeout = TimeSpan.FromSeconds(1);
        options.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(1);
    }
}
