using Lottopar.Providers.Abstractions;
using Lottopar.Providers.PostgreSql.Calls;
using Lottopar.Providers.PostgreSql.Storage;
using ActorRuntimeOptions = Lottopar.Runtime.ActorRuntimeOptions;
using Lottopar.Runtime.Core;
using Lottopar.Runtime.Metrics;
using Lottopar.Runtime.Storage;
using Lottopar.Runtime.Streams;
using Lottopar.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Xunit;
using StateStore = Lottopar.Runtime.Storage.IGrainStorage;

namespace Lottopar.Providers.Tests.Storage;

/// <summary>
/// One Orleans silo in this process (localhost membership: the storage is what is under test)
/// with <see cref="PostgresGrainStorageProvider"/> on a fresh database of its own, and the
/// <see cref="CallCycleGuard"/> and <see cref="FailedCallGuard"/>.
/// </summary>
public sealed class StorageSilo : IAsyncLifetime
{
    private IHost? _host;

    public TestDatabase Database { get; private set; } = null!;

    public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();

    public IServiceProvider Services => _host!.Services;

    /// <summary>The provider as Orleans resolves it, for tests that play two activations by hand.</summary>
    public Orleans.Storage.IGrainStorage Provider => Services.GetRequiredKeyedService<Orleans.Storage.IGrainStorage>(GrainStorageNames.Storage);

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync("storage");
        _host = Host.CreateDefaultBuilder()
            .ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
            .ConfigureServices(services =>
            {
                services.AddSingleton(TimeProvider.System);
                services.AddSingleton(Database.DataSource);
                services.AddSingleton(Options.Create(new ActorRuntimeOptions()));
                services.AddSingleton<RuntimeInstruments>();
                services.AddSingleton<DatabaseOutage>();
                services.AddSingleton<IGrainSerializer, JsonGrainSerializer>();
                services.AddSingleton(sp => new PostgresGrainStorage(
                    sp.GetRequiredService<NpgsqlDataSource>(),
                    Array.Empty<StreamArchive>(),
                    sp.GetRequiredService<IOptions<ActorRuntimeOptions>>(),
                    sp.GetRequiredService<RuntimeInstruments>(),
                    sp.GetRequiredService<DatabaseOutage>(),
                    sp.GetRequiredService<ILogger<PostgresGrainStorage>>()));
                services.AddSingleton<StateStore>(sp => sp.GetRequiredService<PostgresGrainStorage>());
            })
            .UseOrleans(silo => silo
                .UseLocalhostClustering(FreePort.Next(), FreePort.Next())
                .AddLottoparGrainStorage()
                .AddCallCycleGuard()
                .AddFailedCallGuard())
            .Build();
        await _host.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            _host.Dispose();
        }
    }
}
