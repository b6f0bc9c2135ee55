using System.Net;
using Lottopar.Providers.PostgreSql;
using Lottopar.Providers.PostgreSql.Hosting;
using Lottopar.Providers.PostgreSql.Storage;
using Lottopar.Providers.PostgreSql.Streams.Orleans;
using Lottopar.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.Configuration;
using Orleans.Providers;
using Orleans.Providers.Streams.Common;

namespace Lottopar.Providers.Tests.OrleansStreams;

/// <summary>
/// A silo with our grain storage, the stream log and the Orleans stream provider on it
/// (<see cref="Provider"/>, carrying <see cref="Namespace"/>), in a cluster on Orleans' ADO.NET
/// clustering over the test database, so that several such silos on one database form one cluster.
/// Each silo records what its consumer grains receive (<see cref="Deliveries"/>).
/// </summary>
public sealed class StreamLogSilo : IAsyncDisposable
{
    public const string Provider = "log";
    public const string Namespace = "orleans-test";

    private readonly IHost _host;
    private bool _stopped;

    private StreamLogSilo(IHost host) => _host = host;

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    public IServiceProvider Services => _host.Services;

    public DeliveryRecorder Deliveries => _host.Services.GetRequiredService<DeliveryRecorder>();

    public int ActiveSilosSeen =>
        _host.Services.GetRequiredService<IClusterMembershipService>().CurrentSnapshot.Members.Values.Count(m => m.Status == SiloStatus.Active);

    /// <summary>
    /// Starts a silo of cluster <paramref name="clusterId"/> on <paramref name="database"/>.
    /// Orleans retries a failing delivery for <see cref="StreamLogProviderOptions.MaxEventDeliveryTime"/>:
    /// two seconds here, so that a poison event reaches the failure handler within a test.
    /// </summary>
    public static async Task<StreamLogSilo> StartAsync(TestDatabase database, string clusterId, Action<StreamLogProviderOptions>? configure = null)
    {
        var connectionString = new NpgsqlConnectionStringBuilder(database.ConnectionString).ConnectionString;
        var host = Host.CreateDefaultBuilder()
            .ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
            .ConfigureServices(services =>
            {
                services.AddSingleton(database.DataSource);
                services.Configure<ProviderOptions>(o => o.StreamPollInterval = TimeSpan.FromMilliseconds(250));
                services.AddPostgresProviders();
                services.AddSingleton<DeliveryRecorder>();
            })
            .UseOrleans(silo => silo
                .Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (clusterId, clusterId))
                .Configure<ClusterMembershipOptions>(o =>
                {
                    o.ProbeTimeout = TimeSpan.FromSeconds(1);
                    o.NumMissedProbesLimit = 2;
                    o.TableRefreshTimeout = TimeSpan.FromSeconds(1);
                    o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(1);
                })
                .ConfigureEndpoints(IPAddress.Loopback, FreePort.Next(), FreePort.Next())
                .UseAdoNetClustering(o =>
                {
                    o.Invariant = ProviderNames.NpgsqlInvariant;
                    o.ConnectionString = connectionString;
                })
                .AddLottoparGrainStorage()
                .AddPostgresStreamLog(Provider, [Namespace], o =>
                {
                    o.MaxEventDeliveryTime = TimeSpan.FromSeconds(2);
                    configure?.Invoke(o);
                }))
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

        return new StreamLogSilo(host);
    }

    /// <summary>How many pulling agents (queues) of the provider run in this silo.</summary>
    public async Task<int> RunningAgentsAsync()
    {
        var provider = (IControllable)_host.Services.GetRequiredKeyedService<Orleans.Streams.IStreamProvider>(Provider);
        return Convert.ToInt32(await provider.ExecuteCommand((int)PersistentStreamProviderCommand.GetNumberRunningAgents, null), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static string NewClusterId() => $"ostreams-{Guid.NewGuid():N}";

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
}
