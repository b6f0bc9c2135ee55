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
    private const string RawUpdate = """
        update bench_raw set state = $2, version = version + 1, updated_at = $3
        where id = $1 and version = $4
        returning version
        """;

    public static async Task RunAsync(TimeSpan duration)
    {
        var connectionString = await BenchDatabase.CreateAsync();
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await PrepareRawTableAsync(dataSource);
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
            var versions = new long[writers];
            await ResetRawTableAsync(dataSource);
            var tallies = Enumerable.Range(0, writers).Select(i => grains.GetGrain<ITallyGrain>($"w{writers}-{i}")).ToArray();
            var (raw, grain) = await AlternatingRuns.CompareAsync(
                rounds: 4,
                writers,
                duration / 2,
                async worker => versions[worker] = await RawUpdateAsync(dataSource, worker, versions[worker]),
                worker => tallies[worker].AddAsync(1));

            Console.WriteLine(
                $"| {writers} | {raw.PerSecond:N0} | {raw.Latency.P50Ms:0.00} / {raw.Latency.P99Ms:0.00} | " +
                $"{grain.PerSecond:N0} | {grain.Latency.P50Ms:0.00} / {grain.Latency.P99Ms:0.00} | {grain.PerSecond / raw.PerSecond:P0} |");
        }

        await host.StopAsync();
    }

    private static async Task PrepareRawTableAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand("""
            create table bench_raw (id integer primary key, version bigint not null, state jsonb, updated_at timestamptz not null) with (fillfactor = 80);
            insert into bench_raw select i, 0, '{}', now() from generate_series(0, 63) as i;
            """);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task ResetRawTableAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand("update bench_raw set version = 0");
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> RawUpdateAsync(NpgsqlDataSource dataSource, int id, long version)
    {
        await using var command = dataSource.CreateCommand(RawUpdate);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = id });
        command.Parameters.Add(new NpgsqlParameter { Value = $$"""{"total":{{version + 1}},"note":"benchmark"}""", NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Jsonb });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = DateTimeOffset.UtcNow });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = version });
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
