using Lottopar.Providers.PostgreSql;
using Lottopar.Providers.PostgreSql.Hosting;
using Lottopar.Providers.PostgreSql.Migrations;
using Lottopar.Providers.PostgreSql.Storage;
using Lottopar.Providers.PostgreSql.Streams;
using Lottopar.Silo.Cluster;
using Lottopar.Silo.Health;
using Lottopar.Silo.Startup;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Lottopar.Silo.Extensions;

public static class SiloServiceExtensions
{
    /// <summary>
    /// Everything the silo runs: options, the PostgreSQL data source, the schema migrator, Orleans
    /// with our providers, the platform's services and the health checks. With <paramref name="runPlatform"/> false only
    /// what the "migrate" command needs is registered.
    /// </summary>
    public static WebApplicationBuilder AddLottoparSilo(this WebApplicationBuilder builder, bool runPlatform = true)
    {
        var services = builder.Services;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;

            // A backstop: each endpoint has its own, smaller limit (RequestGuards).
            kestrel.Limits.MaxRequestBodySize = 1024 * 1024;
            Payments.PixWebhookTls.Listen(kestrel, builder.Configuration);
        });

        // Bad JSON, a missing body or a bad route value throw in every environment, so that the
        // problem answer names the field (ProblemExceptionHandler) in production too.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddOptions<SiloOptions>().BindConfiguration(SiloOptions.SectionName);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => CreateDataSource(WithPoolDefaults(ConnectionStringOf(builder.Configuration)), sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton(sp => new SchemaMigrator(
            sp.GetRequiredService<NpgsqlDataSource>(),
            Migration.FromEmbeddedResources(typeof(SiloOptions).Assembly),
            sp.GetRequiredService<ILogger<SchemaMigrator>>()));
        if (!runPlatform)
        {
            return builder;
        }

        // Registered first: the schema is current before any provider or grain touches it.
        services.AddHostedService<StartupMigration>();
        builder.AddLottoparOrleans(ConnectionStringOf(builder.Configuration));
        services.AddOptions<ProviderOptions>().BindConfiguration(ProviderOptions.SectionName);
        services.AddPostgresProviders(providers => providers.AddLottoparStreams());
        services.AddKeyedSingleton(PostgresStateStore.DataSourceKey, (sp, _) => CreateDataSource(
            StorageConnectionString(ConnectionStringOf(builder.Configuration), sp.GetRequiredService<IOptions<ProviderOptions>>().Value),
            sp.GetRequiredService<ILoggerFactory>()));
        services.AddKeyedSingleton(PartitionLock.DataSourceKey, (sp, _) => CreateDataSource(
            StreamLocksConnectionString(
                ConnectionStringOf(builder.Configuration), sp.GetServices<StreamSubscription>().Count(), OrleansHosting.ConsumedNamespaces(builder.Configuration).Count),
            sp.GetRequiredService<ILoggerFactory>()));
        services.AddLottoparPlatform(builder.Configuration);
        services.AddLottoparBackOffice();

        // The back office's static files (MudBlazor's, Blazor's script) from the build's manifest in every environment, not only Development.
        builder.WebHost.UseStaticWebAssets();
        // Every problem carries a stable "code", also those the framework writes (415, 405, 404...).
        services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
            context.ProblemDetails.Extensions.TryAdd("code", Problems.CodeOf(context.ProblemDetails.Status ?? context.HttpContext.Response.StatusCode)));
        services.AddHealthChecks()
            .AddCheck<DatabaseReadyCheck>("database", tags: [HealthEndpoints.ReadyTag]);
        return builder;
    }

    /// <summary>
    /// The state store's own pool: as many connections as its write and read slots, plus a few
    /// for its single statements, under an application name of its own ("...-storage").
    /// </summary>
    /// <remarks>
    /// Npgsql hands out idle connections in turn, so on the application's pool the group commits
    /// and grouped reads went round every backend the HTTP requests had opened, and each backend
    /// touched the pages the writes touch. On a pool of their own they stay on a few warm backends,
    /// which alone took the betting endpoint from about 60% to 80–100% of the benchmark's floor at
    /// equal concurrency on the 2-core VM (2026-11-29; the git history of docs/benchmarks.md).
    /// </remarks>
    public static string StorageConnectionString(string connectionString, ProviderOptions runtime)
    {
        var builder = new NpgsqlConnectionStringBuilder(WithPoolDefaults(connectionString))
        {
            MaxPoolSize = runtime.StorageWriteConcurrency + runtime.StorageReadConcurrency + StorageSingleStatements,
        };
        builder.ApplicationName = string.IsNullOrEmpty(builder.ApplicationName) ? "lottopar-storage" : $"{builder.ApplicationName}-storage";
        return builder.ConnectionString;
    }

    /// <summary>
    /// The stream log's partition locks' own pool. Each lock keeps its connection while it owns its
    /// partition: one per partition of every projection and of every namespace grains consume, and
    /// one for the silo's presence, with room besides for as many attempts at partitions another
    /// silo owns. Under an application name of its own ("...-streams"). On the application's pool
    /// they held all but three of its 100 connections once the integrity module consumed four
    /// namespaces, and the operator activity's two projections would have needed more than it has.
    /// </summary>
    public static string StreamLocksConnectionString(string connectionString, int projections, int consumedNamespaces)
    {
        var held = StreamPartitioner.PartitionCount * (projections + consumedNamespaces) + 1;
        var builder = new NpgsqlConnectionStringBuilder(WithPoolDefaults(connectionString)) { MaxPoolSize = held + StreamPartitioner.PartitionCount };
        builder.ApplicationName = string.IsNullOrEmpty(builder.ApplicationName) ? "lottopar-streams" : $"{builder.ApplicationName}-streams";
        return builder.ConnectionString;
    }

    /// <summary>Connections of the storage pool beyond its slots: unique-key lookups, appends without state, a write re-run alone.</summary>
    private const int StorageSingleStatements = 4;

    private static NpgsqlDataSource CreateDataSource(string connectionString, ILoggerFactory loggers) =>
        new NpgsqlDataSourceBuilder(connectionString).UseLoggerFactory(loggers).Build();

    private static string ConnectionStringOf(IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(SiloOptions.ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"ConnectionStrings:{SiloOptions.ConnectionStringName} is not set. deploy/run.sh sets it; elsewhere set the " +
                $"environment variable ConnectionStrings__{SiloOptions.ConnectionStringName}.");
        }

        return connectionString;
    }

    /// <summary>
    /// The silo runs the same few statements all day: let Npgsql prepare them once per connection
    /// (PostgreSQL then skips parsing and planning), and skip the state reset on every return to the
    /// pool (the platform never changes session state). The connection string may set either.
    /// </summary>
    public static string WithPoolDefaults(string connectionString)
    {
        // NpgsqlConnectionStringBuilder.ContainsKey answers for every keyword it knows; the plain
        // builder answers for the keys actually given.
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!given.ContainsKey("Max Auto Prepare") && !given.ContainsKey("MaxAutoPrepare"))
        {
            builder.MaxAutoPrepare = 64;
        }

        if (!given.ContainsKey("No Reset On Close") && !given.ContainsKey("NoResetOnClose"))
        {
            builder.NoResetOnClose = true;
        }

        return builder.ConnectionString;
    }
}
