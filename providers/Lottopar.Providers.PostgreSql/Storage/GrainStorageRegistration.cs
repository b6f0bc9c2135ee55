using Lottopar.Providers.PostgreSql.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;

namespace Lottopar.Providers.PostgreSql.Storage;

public static class GrainStorageRegistration
{
    /// <summary>
    /// Registers <see cref="PostgresGrainStorageProvider"/> under <see cref="GrainStorageNames.Storage"/>, on the
    /// <see cref="IStateStore"/> (group commit, outbox) and <see cref="IGrainSerializer"/> the
    /// container already holds; and the <see cref="IStreamEventLog"/> for events without a state write.
    /// </summary>
    public static ISiloBuilder AddLottoparGrainStorage(this ISiloBuilder silo)
    {
        silo.Services.AddKeyedSingleton<Orleans.Storage.IGrainStorage>(GrainStorageNames.Storage, (services, _) => new PostgresGrainStorageProvider(
            services.GetRequiredService<IStateStore>(),
            services.GetRequiredService<IGrainSerializer>(),
            services.GetRequiredService<ProviderInstruments>(),
            services.GetRequiredService<TimeProvider>()));
        silo.Services.AddSingleton<IStreamEventLog>(services => new StreamEventLog(
            services.GetRequiredService<IStateStore>(), services.GetRequiredService<IGrainSerializer>()));
        return silo;
    }
}
