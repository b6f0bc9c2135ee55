using Lottopar.Providers.Abstractions;
using Lottopar.Runtime.Storage;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using StateStore = Lottopar.Runtime.Storage.IGrainStorage;

namespace Lottopar.Providers.PostgreSql.Storage;

public static class GrainStorageRegistration
{
    /// <summary>
    /// Registers <see cref="PostgresGrainStorageProvider"/> under <see cref="GrainStorageNames.Storage"/>, on the
    /// <see cref="StateStore"/> (group commit, outbox) and <see cref="IGrainSerializer"/> the
    /// container already holds; and the <see cref="IStreamEventLog"/> for events without a state write.
    /// </summary>
    public static ISiloBuilder AddLottoparGrainStorage(this ISiloBuilder silo)
    {
        silo.Services.AddKeyedSingleton<Orleans.Storage.IGrainStorage>(GrainStorageNames.Storage, (services, _) => new PostgresGrainStorageProvider(
            services.GetRequiredService<StateStore>(),
            services.GetRequiredService<IGrainSerializer>(),
            services.GetRequiredService<TimeProvider>()));
        silo.Services.AddSingleton<IStreamEventLog>(services => new StreamEventLog(
            services.GetRequiredService<StateStore>(), services.GetRequiredService<IGrainSerializer>()));
        return silo;
    }
}
