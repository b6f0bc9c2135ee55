using Lottopar.Runtime;
using Lottopar.Runtime.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Lottopar.Benchmarks;

/// <summary>
/// Persisted grain writes per second with 1, 16 and 64 grains writing concurrently, against raw
/// Npgsql single-row UPDATE commits at the same concurrency: the same versioned statement shape
/// and the same JSON payload, each worker on its own row, as a plain service would write it.
/// Four rounds of half the duration each, alternating which side goes first.
/// </summary>
public static class WriteBenchmark
{
    public static async Task RunAsync(TimeSpan duration)
    {
        var connectionString = await BenchDatabase.CreateAsync();
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var raw = await RawWrites.CreateAsync(dataSource);
        Console.WriteLine($"PostgreSQL settings: {await BenchDatabase.SettingsAsync(dataSource)}");

        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(dataSource);
        builder.Services.AddActorRuntime(r => r.AddGrain<TallyGrain>().UsePostgreSql());
        using var host = builder.Build();
        await host.StartAsync();
        var grains = host.Services.GetRequiredService<IGrainFactory>();

        Console.WriteLine();
        Console.WriteLine("| concurrent writers | raw UPDATE commits/s | raw p50 / p99 ms | grain writes/s | grain p50 / p99 ms | grain / raw |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|");
        foreach (var writers in new[] { 1, 16, 64 })
        {
            await raw.ResetAsync();
            var tallies = Enumerable.Range(0, writers).Select(i => grains.GetGrain<ITallyGrain>($"w{writers}-{i}")).ToArray();
            var (rawResult, grain) = await AlternatingRuns.CompareAsync(
                rounds: 4,
                writers,
                duration / 2,
                raw.WriteAsync,
                worker => tallies[worker].AddAsync(1));

            Console.WriteLine(
                $"| {writers} | {rawResult.PerSecond:N0} | {rawResult.Latency.P50Ms:0.00} / {rawResult.Latency.P99Ms:0.00} | " +
                $"{grain.PerSecond:N0} | {grain.Latency.P50Ms:0.00} / {grain.Latency.P99Ms:0.00} | {grain.PerSecond / rawResult.PerSecond:P0} |");
        }

        await host.StopAsync();
    }
}
