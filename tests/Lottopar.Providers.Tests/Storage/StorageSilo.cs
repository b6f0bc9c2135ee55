using Lottopar.Providers.Abstractions;
using Lottopar.Providers.PostgreSql;
using Lottopar.Providers.PostgreSql.Calls;
using Lottopar.Providers.PostgreSql.Hosting;
using Lottopar.Providers.PostgreSql.Storage;
using Lottopar.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Lottopar.Providers.Tests.Storage;

/// <summary>
/// One Orleans silo in this process (localhost membership: the providers are what is under test)
/// with <see cref="PostgresGrainStorageProvider"/> on a fresh database of its own, the
/// <see cref="CallCycleGuard"/>, <see cref="FailedCallGuard"/> and <see cref="GrainCallMetrics"/>.
/// As a class fixture it is one silo for a test class; <see cref="StartAsync"/> starts one on
/// a given database, with projections and options of the test's own.
/// </summary>
public sealed class StorageSilo : IAsyncLifetime, IAsyncDisposable
{
    private IHost? _host;

    public TestDatabase Database { get; private set; } = null!;

    public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();

    public IServiceProvider Services => _host!.Services;

    /// <summary>Faults a test can arm in this silo's state store and serialiser.</summary>
    public FaultInjector Faults => Services.GetRequiredService<FaultInjector>();

    /// <summary>The provider as Orleans resolves it, for tests that play two activations by hand.</summary>
    public Orleans.Storage.IGrainStorage Provider => Services.GetRequiredKeyedService<Orleans.Storage.IGrainStorage>(GrainStorageNames.Storage);

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync("storage");
        _host = Build(Database, providers: null, options: null);
        await _host.StartAsync();
    }

    /// <summary>A silo of its own on <paramref name="database"/> (several may share one), started.</summary>
    public static async Task<StorageSilo> StartAsync(
        TestDatabase database, Action<PostgresProvidersBuilder>? providers = null, Action<ProviderOptions>? options = null)
    {
        var silo = new StorageSilo { Database = database, _host = Build(database, providers, options) };
        await silo._host.StartAsync();
        return silo;
    }

    private static IHost Build(TestDatabase database, Action<PostgresProvidersBuilder>? providers, Action<ProviderOptions>? options) =>
        Host.CreateDefaultBuilder()
            .ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
            .ConfigureServices(services =>
            {
                services.AddSingleton(database.DataSource);
                services.Configure<ProviderOptions>(o =>
                {
                    // Fast loops for tests; each test states the values it depends on.
                    o.StreamPollInterval = TimeSpan.FromMilliseconds(250);
                    o.StreamRetryDelay = TimeSpan.FromMilliseconds(10);
                    options?.Invoke(o);
                });
                services.AddPostgresProviders(providers);
                services.AddFaultInjection();
            })
            .UseOrleans(silo => silo
                .UseLocalhostClustering(FreePort.Next(), FreePort.Next())
                .AddLottoparGrainStorage()
                .AddCallCycleGuard()
                .AddFailedCallGuard()
                .AddGrainCallMetrics())
            .Build();

    public async Task StopAsync() => await _host!.StopAsync();

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            _host.Dispose();
            _host = null;
        }
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();
}
