using System.Net;
using System.Net.Sockets;
using Lottopar.GrainInterfaces.Audit;
using Lottopar.GrainInterfaces.Betting;
using Lottopar.GrainInterfaces.Lottery;
using Lottopar.GrainInterfaces.Security;
using Lottopar.GrainInterfaces.Vault;
using Lottopar.Grains.Common;
using Lottopar.Providers.Abstractions;
using Lottopar.Providers.PostgreSql;
using Lottopar.Providers.PostgreSql.Calls;
using Lottopar.Providers.PostgreSql.Storage;
using Lottopar.Providers.PostgreSql.Streams.Orleans;
using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.Hosting;

namespace Lottopar.Silo.Cluster;

/// <summary>
/// Makes this process an Orleans silo: membership and reminders in the platform's PostgreSQL
/// (Orleans' ADO.NET providers over our schema, deploy/sql/0011), the endpoints and probe
/// settings of <see cref="OrleansSiloOptions"/>, our grain storage ("lottopar": group commit and
/// outbox on the platform's tables), the stream log as an Orleans stream provider for the stream
/// namespaces grains subscribe to, the call-cycle and failed-call guards, the Orleans dashboard,
/// and <see cref="OutageQuietLogging"/> (a database outage stays one log line).
/// </summary>
public static class OrleansHosting
{
    /// <summary>The platform's stream namespaces, offered to the stream provider for the grains that subscribe to them.</summary>
    public static readonly IReadOnlyList<string> StreamNamespaces =
        [BettingStreams.Namespace, LotteryStreams.Namespace, AuditStreams.Namespace, SecurityStreams.Namespace, VaultStreams.Namespace,
         GrainInterfaces.Payments.PaymentStreams.Namespace, GrainInterfaces.Integrity.IntegrityStreams.Namespace];

    /// <summary>
    /// The namespaces that get pulling agents: those some grain class subscribes to (Orleans' application
    /// parts); without the integrity module, none of the integrity grains' streams.
    /// </summary>
    public static IReadOnlyList<string> ConsumedNamespaces(IConfiguration configuration)
    {
        var consumed = ImplicitSubscriptions.InApplicationParts(StreamNamespaces);
        return configuration.GetValue(Integrity.IntegrityOptions.EnabledKey, true)
            ? consumed
            : [.. consumed.Except(Integrity.IntegrityOptions.ConsumedNamespaces)];
    }

    /// <param name="connectionString">The platform's database; the schema must be migrated before the silo starts (StartupMigration runs first).</param>
    public static WebApplicationBuilder AddLottoparOrleans(this WebApplicationBuilder builder, string connectionString)
    {
        var options = builder.Configuration.GetSection(OrleansSiloOptions.SectionName).Get<OrleansSiloOptions>() ?? new OrleansSiloOptions();
        builder.Services.AddOutageQuietLogging();
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(cluster =>
            {
                cluster.ClusterId = options.ClusterId;
                cluster.ServiceId = options.ServiceId;
            });
            silo.ConfigureEndpoints(
                IPAddress.Parse(options.AdvertisedAddress),
                PortOrFree(options.SiloPort),
                PortOrFree(options.GatewayPort),
                listenOnAnyHostAddress: false);
            silo.UseAdoNetClustering(o =>
            {
                o.Invariant = ProviderNames.NpgsqlInvariant;
                o.ConnectionString = connectionString;
            });
            silo.UseAdoNetReminderService(o =>
            {
                o.Invariant = ProviderNames.NpgsqlInvariant;
                o.ConnectionString = connectionString;
            });
            // Orleans refuses periods under its minimum (a minute): the one-shots' period sets it when shorter.
            var oneShotPeriod = builder.Configuration.GetSection(OneShotReminderOptions.Section).Get<OneShotReminderOptions>()?.Period ?? TimeSpan.MaxValue;
            silo.Configure<ReminderOptions>(reminders =>
                reminders.MinimumReminderPeriod = oneShotPeriod < reminders.MinimumReminderPeriod ? oneShotPeriod : reminders.MinimumReminderPeriod);
            silo.Configure<ClusterMembershipOptions>(membership =>
            {
                membership.ProbeTimeout = options.ProbeTimeout;
                membership.NumMissedProbesLimit = options.NumMissedProbesLimit;
            });

            silo.Configure<GrainDirectoryOptions>(directory => directory.CacheSize = options.DirectoryCacheSize);

            silo.AddLottoparGrainStorage();

            // Pulling agents only for namespaces some grain consumes (none yet: the integrity grains will).
            if (ConsumedNamespaces(builder.Configuration) is { Count: > 0 } consumed)
            {
                silo.AddPostgresStreamLog(StreamProviderNames.StreamLog, consumed);
            }
            silo.AddCallCycleGuard();
            silo.AddFailedCallGuard();
            silo.AddGrainCallMetrics();

            // The live log trace would show grain ids and messages to whoever opens it.
            silo.AddDashboard(dashboard =>
            {
                dashboard.HideTrace = true;
                dashboard.CounterUpdateIntervalMs = (int)Math.Max(1_000, options.DashboardCounterInterval.TotalMilliseconds);
            });
        });
        return builder;
    }

    /// <summary>The port itself, or for 0 one the system has just handed out as free.</summary>
    private static int PortOrFree(int port)
    {
        if (port != 0)
        {
            return port;
        }

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
