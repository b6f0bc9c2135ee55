using Lottopar.Runtime;
using Lottopar.Runtime.Hosting;
using Lottopar.Runtime.Migrations;
using Lottopar.Silo.Health;
using Lottopar.Silo.Startup;
using Npgsql;

namespace Lottopar.Silo.Extensions;

public static class SiloServiceExtensions
{
    /// <summary>
    /// Everything the silo runs: options, the PostgreSQL data source, the schema migrator, the
    /// actor runtime and the health checks. With <paramref name="runActorRuntime"/> false only
    /// what the "migrate" command needs is registered.
    /// </summary>
    public static WebApplicationBuilder AddLottoparSilo(this WebApplicationBuilder builder, bool runActorRuntime = true)
    {
        var services = builder.Services;
        services.AddOptions<SiloOptions>().BindConfiguration(SiloOptions.SectionName);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => CreateDataSource(builder.Configuration, sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton(sp => new SchemaMigrator(
            sp.GetRequiredService<NpgsqlDataSource>(),
            Migration.FromEmbeddedResources(typeof(SiloOptions).Assembly),
            sp.GetRequiredService<ILogger<SchemaMigrator>>()));
        if (!runActorRuntime)
        {
            return builder;
        }

        // Registered first: the schema is current before any runtime service touches it.
        services.AddHostedService<StartupMigration>();
        services.AddOptions<ActorRuntimeOptions>().BindConfiguration(ActorRuntimeOptions.SectionName);
        services.AddActorRuntime(runtime => runtime.UsePostgreSql().AddLottoparGrains());
        services.AddLottoparPlatform(builder.Configuration);
        // Every problem carries a stable "code", also those the framework writes (415, 405, 404...).
        services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
            context.ProblemDetails.Extensions.TryAdd("code", Problems.CodeOf(context.ProblemDetails.Status ?? context.HttpContext.Response.StatusCode)));
        services.AddHealthChecks()
            .AddCheck<DatabaseReadyCheck>("database", tags: [HealthEndpoints.ReadyTag]);
        return builder;
    }

    private static NpgsqlDataSource CreateDataSource(IConfiguration configuration, ILoggerFactory loggers)
    {
        var connectionString = configuration.GetConnectionString(SiloOptions.ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"ConnectionStrings:{SiloOptions.ConnectionStringName} is not set. deploy/run.sh sets it; elsewhere set the " +
                $"environment variable ConnectionStrings__{SiloOptions.ConnectionStringName}.");
        }

        return new NpgsqlDataSourceBuilder(connectionString).UseLoggerFactory(loggers).Build();
    }
}
