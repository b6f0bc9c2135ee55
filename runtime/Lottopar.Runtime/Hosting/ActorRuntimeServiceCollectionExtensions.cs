using Lottopar.Runtime.Core;
using Lottopar.Runtime.Metrics;
using Lottopar.Runtime.Reminders;
using Lottopar.Runtime.Storage;
using Lottopar.Runtime.Streams;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;

namespace Lottopar.Runtime.Hosting;

public static class ActorRuntimeServiceCollectionExtensions
{
    /// <summary>
    /// Adds the actor runtime: the grain factory (<see cref="IGrainFactory"/>), activations,
    /// storage, stream delivery, reminders, idle collection and metrics. Configure
    /// <see cref="ActorRuntimeOptions"/> with the options pattern.
    /// </summary>
    public static IServiceCollection AddActorRuntime(this IServiceCollection services, Action<ActorRuntimeBuilder> configure)
    {
        var builder = new ActorRuntimeBuilder();
        configure(builder);

        services.AddOptions<ActorRuntimeOptions>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(new GrainTypeRegistry(builder.GrainClasses));
        services.AddSingleton<SiloIdentity>();
        services.TryAddSingleton<DatabaseOutage>();
        services.TryAddSingleton<IGrainSerializer, JsonGrainSerializer>();
        services.AddSingleton<RuntimeInstruments>();
        services.AddSingleton<RuntimeMetricsCollector>();
        services.AddSingleton<StreamSignals>();
        services.AddSingleton<ActivationCatalog>();
        services.AddSingleton<GrainDispatcher>();
        services.AddSingleton<IGrainFactory, GrainFactory>();
        foreach (var subscription in builder.Subscriptions)
        {
            services.AddSingleton(subscription);
        }

        foreach (var projection in builder.ProjectionTypes)
        {
            services.TryAddSingleton(projection);
        }

        foreach (var archive in builder.Archives)
        {
            services.AddSingleton(archive);
        }

        if (builder.Storage == RuntimeStorage.InMemory)
        {
            services.AddSingleton<InMemoryGrainStorage>();
            services.AddSingleton<IGrainStorage>(sp => sp.GetRequiredService<InMemoryGrainStorage>());
            services.AddSingleton<IStreamLog>(sp => sp.GetRequiredService<InMemoryGrainStorage>());
            services.AddSingleton<IUniqueKeyDirectory>(sp => sp.GetRequiredService<InMemoryGrainStorage>());
            services.AddSingleton<IReminderTable, InMemoryReminderTable>();
        }
        else
        {
            services.AddSingleton(sp => ActivatorUtilities.CreateInstance<PostgresGrainStorage>(
                sp, sp.GetKeyedService<NpgsqlDataSource>(PostgresGrainStorage.DataSourceKey) ?? sp.GetRequiredService<NpgsqlDataSource>()));
            services.AddSingleton<IGrainStorage>(sp => sp.GetRequiredService<PostgresGrainStorage>());
            services.AddSingleton<IUniqueKeyDirectory>(sp => sp.GetRequiredService<PostgresGrainStorage>());
            services.AddSingleton<IStreamLog, PostgresStreamLog>();
            services.AddSingleton<IReminderTable, PostgresReminderTable>();
        }

        // Hosted services stop in reverse order: deliveries and reminders stop first, then
        // the lifecycle service deactivates every grain.
        services.AddHostedService<RuntimeLifecycle>();
        services.AddHostedService<ActivationCollector>();
        services.AddHostedService<CallTimeoutSweeper>();
        services.AddHostedService<ReminderService>();
        services.AddHostedService<StreamDeliveryService>();
        if (builder.Storage == RuntimeStorage.PostgreSql)
        {
            services.AddHostedService<PostgresStreamNotifications>();
        }

        return services;
    }
}
