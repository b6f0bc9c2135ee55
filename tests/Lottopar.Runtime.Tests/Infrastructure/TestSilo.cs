using Lottopar.Runtime.Hosting;
using Lottopar.Runtime.Metrics;
using Lottopar.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Lottopar.Runtime.Tests.Infrastructure;

/// <summary>A silo (the runtime in a generic host) on a test database, configured per test.</summary>
public sealed class TestSilo : IAsyncDisposable
{
    private readonly IHost _host;

    private TestSilo(IHost host) => _host = host;

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    public IServiceProvider Services => _host.Services;

    /// <summary>Faults a test can arm in this silo's storage and serialiser.</summary>
    public FaultInjector Faults => _host.Services.GetRequiredService<FaultInjector>();

    public RuntimeMetricsSnapshot Metrics() => _host.Services.GetRequiredService<RuntimeMetricsCollector>().Snapshot();

    public static Task<TestSilo> StartAsync(
        TestDatabase? database,
        Action<ActorRuntimeBuilder>? runtime = null,
        Action<ActorRuntimeOptions>? options = null,
        TimeProvider? clock = null,
        Action<IServiceCollection>? services = null) =>
        StartAsync(database?.ConnectionString, runtime, options, clock, services);

    public static async Task<TestSilo> StartAsync(
        string? connectionString,
        Action<ActorRuntimeBuilder>? runtime = null,
        Action<ActorRuntimeOptions>? options = null,
        TimeProvider? clock = null,
        Action<IServiceCollection>? services = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        if (connectionString is not null)
        {
            builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        }

        builder.Services.AddSingleton(clock ?? TimeProvider.System);
        builder.Services.Configure<ActorRuntimeOptions>(o =>
        {
            // Fast loops for tests; each test states the values it depends on.
            o.ReminderPollInterval = TimeSpan.FromMilliseconds(25);
            o.StreamPollInterval = TimeSpan.FromMilliseconds(250);
            o.StreamRetryDelay = TimeSpan.FromMilliseconds(10);
            o.ReminderMinimumPeriod = TimeSpan.FromSeconds(1);
            options?.Invoke(o);
        });
        builder.Services.AddSingleton<ProbeLog>();
        services?.Invoke(builder.Services);
        builder.Services.AddActorRuntime(r =>
        {
            r.AddGrains(typeof(TestSilo).Assembly);
            if (connectionString is null)
            {
                r.UseInMemoryStorage();
            }

            runtime?.Invoke(r);
        });
        builder.Services.AddFaultInjection();

        var host = builder.Build();
        await host.StartAsync();
        return new TestSilo(host);
    }

    public async Task StopAsync() => await _host.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}

/// <summary>Where test grains note what happened to them (activation hooks, concurrency), per silo.</summary>
public sealed class ProbeLog
{
    private readonly Lock _lock = new();
    private readonly List<string> _entries = [];

    public void Add(string entry)
    {
        lock (_lock)
        {
            _entries.Add(entry);
        }
    }

    public IReadOnlyList<string> Entries
    {
        get
        {
            lock (_lock)
            {
                return [.. _entries];
            }
        }
    }

    public int Count(string entry) => Entries.Count(e => e == entry);
}

public static class TestSiloServiceExtensions
{
    public static ProbeLog GetProbe(this IServiceProvider services) =>
        Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<ProbeLog>(services);
}
