using Lottopar.Testing;
using Lottopar.Providers.PostgreSql;
using Lottopar.Providers.PostgreSql.Hosting;
using Lottopar.Providers.PostgreSql.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans;
using Orleans.Hosting;
using Orleans.Runtime;

namespace Lottopar.Benchmarks;

/// <summary>
/// Persisted writes per second through Orleans with 1, 16 and 64 writers at once: grains on our
/// storage provider ("lottopar": group commit into <c>grain_state</c>), grains on Orleans' stock
/// ADO.NET provider (StockGrainStorage.sql: one function call and commit per write), and the raw
/// Npgsql UPDATE of <see cref="RawWrites"/>, in one in-process silo on one database. Each worker
/// writes its own grain or row in a closed loop. Six rounds of half the duration each, rotating
/// which side goes first. No figure is printed for a side whose grains, deactivated and read back,
/// do not hold exactly the writes their workers completed.
/// </summary>
public static class OrleansWriteBenchmark
{
    public const string StockStorageName = "stock";

    public static async Task RunAsync(TimeSpan duration)
    {
        var connectionString = await BenchDatabase.CreateAsync();
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await ApplyStockSchemaAsync(dataSource);
        var raw = await RawWrites.CreateAsync(dataSource);
        Console.WriteLine($"PostgreSQL settings: {await BenchDatabase.SettingsAsync(dataSource)}");

        using var host = BuildSilo(connectionString, dataSource);
        await host.StartAsync();
        var grains = host.Services.GetRequiredService<IGrainFactory>();

        // A few writes on every side first: a broken side fails here, not after minutes of load.
        foreach (var side in Sides(grains, raw, "check", writers: 16))
        {
            await Task.WhenAll(Enumerable.Range(0, 16).Select(async worker =>
            {
                for (var i = 0; i < 20; i++)
                {
                    await side.WriteAsync(worker);
                }
            }));
            await side.VerifyAsync();
        }

        Console.WriteLine();
        Console.WriteLine("| writers | raw/s | ours/s | stock/s | ours/raw | stock/raw | ours/stock | raw p50 / p99 ms | ours p50 / p99 ms | stock p50 / p99 ms |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var writers in new[] { 1, 16, 64 })
        {
            await raw.ResetAsync();
            var sides = Sides(grains, raw, $"w{writers}", writers);
            var results = await AlternatingRuns.CompareAsync(rounds: 2 * sides.Count, writers, duration / 2, [.. sides.Select(s => (Func<int, Task>)s.WriteAsync)]);
            foreach (var side in sides)
            {
                await side.VerifyAsync();
            }

            var (rawResult, ours, stock) = (results[0], results[1], results[2]);
            Console.WriteLine(
                $"| {writers} | {rawResult.PerSecond:N0} | {ours.PerSecond:N0} | {stock.PerSecond:N0} | " +
                $"{ours.PerSecond / rawResult.PerSecond:P0} | {stock.PerSecond / rawResult.PerSecond:P0} | {ours.PerSecond / stock.PerSecond:0.00}x | " +
                $"{Latency(rawResult)} | {Latency(ours)} | {Latency(stock)} |");
        }

        await PrintCpuPerWriteAsync(grains, raw, connectionString, duration / 2);
        await host.StopAsync();
    }

    /// <summary>
    /// Where the time goes: the CPU this process (silo and load) and the PostgreSQL cluster spend
    /// per completed write, one run per side at 64 writers (warm-up included on both counts).
    /// </summary>
    private static async Task PrintCpuPerWriteAsync(IGrainFactory grains, RawWrites raw, string connectionString, TimeSpan duration)
    {
        const int Writers = 64;
        await using var postgres = await PostgresCpu.FindAsync(connectionString);
        await raw.ResetAsync();
        Console.WriteLine();
        Console.WriteLine($"| side, {Writers} writers | writes/s | this process CPU µs / write | PostgreSQL CPU µs / write |");
        Console.WriteLine("|---|---:|---:|---:|");
        foreach (var side in Sides(grains, raw, "cpu", Writers))
        {
            var processBefore = Environment.CpuUsage.TotalTime;
            var postgresBefore = postgres.TotalMs();
            var result = await LoadRun.RunAsync(Writers, TimeSpan.FromSeconds(1), duration, side.WriteAsync);
            var process = (Environment.CpuUsage.TotalTime - processBefore).TotalMicroseconds / side.Completed;
            var database = (postgres.TotalMs() - postgresBefore) * 1000 / side.Completed;
            await side.VerifyAsync();
            Console.WriteLine($"| {side.Name} | {result.PerSecond:N0} | {process:N0} | {database:N0} |");
        }
    }

    /// <summary>Raw, ours, stock: each worker on its own row or grain, keys starting with <paramref name="keyPrefix"/>.</summary>
    private static List<CountedSide> Sides(IGrainFactory grains, RawWrites raw, string keyPrefix, int writers)
    {
        ICounterGrain[] Counters(string grainType) =>
            [.. Enumerable.Range(0, writers).Select(i => grains.GetGrain<ICounterGrain>(GrainId.Create(grainType, $"{keyPrefix}-{i}")))];

        var ours = Counters(OursCounterGrain.TypeName);
        var stock = Counters(StockCounterGrain.TypeName);
        return
        [
            new CountedSide("raw", writers, raw.WriteAsync, () => raw.TotalsAsync(writers)),
            new CountedSide("ours", writers, worker => ours[worker].AddAsync(), () => StoredTotalsAsync(ours)),
            new CountedSide("stock", writers, worker => stock[worker].AddAsync(), () => StoredTotalsAsync(stock)),
        ];
    }

    /// <summary>The totals as new activations read them from storage.</summary>
    private static async Task<long[]> StoredTotalsAsync(ICounterGrain[] counters)
    {
        await Task.WhenAll(counters.Select(c => c.DeactivateAsync()));
        return await Task.WhenAll(counters.Select(c => c.TotalAsync()));
    }

    private static string Latency(LoadResult result) => $"{result.Latency.P50Ms:0.00} / {result.Latency.P99Ms:0.00}";

    private static IHost BuildSilo(string connectionString, NpgsqlDataSource dataSource)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders().AddConsole().SetMinimumLevel(LogLevel.Warning);

        // What our provider stands on: the state store (group commit) and its JSON serializer.
        builder.Services.AddSingleton(dataSource);
        builder.Services.AddPostgresProviders();

        builder.UseOrleans(silo => silo
            .UseLocalhostClustering(FreePort.Next(), FreePort.Next())
            .AddLottoparGrainStorage()
            .AddAdoNetGrainStorage(StockStorageName, options =>
            {
                options.Invariant = ProviderNames.NpgsqlInvariant;
                options.ConnectionString = connectionString;
            }));
        return builder.Build();
    }

    private static async Task ApplyStockSchemaAsync(NpgsqlDataSource dataSource)
    {
        using var reader = new StreamReader(typeof(OrleansWriteBenchmark).Assembly.GetManifestResourceStream("StockGrainStorage.sql")!);
        await using var command = dataSource.CreateCommand(await reader.ReadToEndAsync());
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// One side of the comparison, counting the writes each worker completes so that the stored
    /// totals can be held against them.
    /// </summary>
    private sealed class CountedSide(string name, int writers, Func<int, Task> write, Func<Task<long[]>> storedTotals)
    {
        private readonly long[] _completed = new long[writers];

        public string Name => name;

        public long Completed => _completed.Sum();

        // A worker's writes follow one another, so its count needs no interlocking.
        public async Task WriteAsync(int worker)
        {
            await write(worker);
            _completed[worker]++;
        }

        public async Task VerifyAsync()
        {
            var stored = await storedTotals();
            var wrong = Enumerable.Range(0, writers).Where(w => stored[w] != _completed[w]).ToList();
            if (wrong.Count > 0)
            {
                var first = wrong[0];
                throw new InvalidOperationException(
                    $"The {name} side is broken: {wrong.Count} of {writers} writers' stored totals differ from their completed writes " +
                    $"(writer {first}: {_completed[first]} completed, {stored[first]} stored).");
            }
        }
    }
}
