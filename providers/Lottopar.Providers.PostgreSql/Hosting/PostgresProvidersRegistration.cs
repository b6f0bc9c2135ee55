using Lottopar.Providers.PostgreSql.Metrics;
using Lottopar.Providers.PostgreSql.Outages;
using Lottopar.Providers.PostgreSql.Storage;
using Lottopar.Providers.PostgreSql.Streams;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;

namespace Lottopar.Providers.PostgreSql.Hosting;

public static class PostgresProvidersRegistration
{
    /// <summary>
    /// Adds what the Orleans storage provider and the stream log stand on: the state store (group
    /// commit, outbox, unique keys), the stream log with its delivery to projections and its
    /// notifications, the silo's view of a database outage, and the providers' metrics. Needs an
    /// <see cref="NpgsqlDataSource"/> service (the state store uses the one keyed
    /// <see cref="PostgresStateStore.DataSourceKey"/> when there is one, the stream log's partition
    /// locks the one keyed <see cref="PartitionLock.DataSourceKey"/>). Configure
    /// <see cref="ProviderOptions"/> with the options pattern; they are checked at start.
    /// </summary>
    public static IServiceCollection AddPostgresProviders(this IServiceCollection services, Action<PostgresProvidersBuilder>? configure = null)
    {
        var builder = new PostgresProvidersBuilder();
        configure?.Invoke(builder);

        services.AddOptions<ProviderOptions>()
            .Validate(options =>
            {
                options.Validate();
                return true;
            })
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<DatabaseOutage>();
        services.TryAddSingleton<IGrainSerializer, JsonGrainSerializer>();
        services.AddSingleton<ProviderInstruments>();
        services.AddSingleton<PlatformMetricsCollector>();
        services.AddHostedService<MetricsListening>();
        services.AddSingleton<StreamSignals>();
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

        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<PostgresStateStore>(
            sp, sp.GetKeyedService<NpgsqlDataSource>(PostgresStateStore.DataSourceKey) ?? sp.GetRequiredService<NpgsqlDataSource>()));
        services.AddSingleton<IStateStore>(sp => sp.GetRequiredService<PostgresStateStore>());
        services.AddSingleton<IUniqueKeyDirectory>(sp => sp.GetRequiredService<PostgresStateStore>());
        services.AddSingleton<IStreamLog, PostgresStreamLog>();
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<DeliveryShares>(sp, PartitionLock.DataSourceOf(sp)));
        services.AddHostedService(sp => ActivatorUtilities.CreateInstance<StreamDeliveryService>(sp, PartitionLock.DataSourceOf(sp)));
        services.AddHostedService<PostgresStreamNotifications>();
        return services;
    }
}
