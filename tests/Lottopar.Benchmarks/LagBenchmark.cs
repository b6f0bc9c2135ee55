using System.Diagnostics;
using Lottopar.Providers.PostgreSql.Hosting;
using Lottopar.Providers.PostgreSql.Metrics;
using Lottopar.Providers.PostgreSql.Storage;
using Lottopar.Providers.PostgreSql.Streams.Orleans;
using Lottopar.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans;
using Orleans.Hosting;

namespace Lottopar.Benchmarks;

/// <summary>
/// Stream delivery lag: Orleans grains publish at a fixed rate through their outbox (state and
/// event in one commit, our storage provider); a projection on the stream log records
/// publish-to-delivery time, as the audit and security projections see it. Baseline in the same run: a bare
/// PostgreSQL NOTIFY sent at the same rate, from before its commit to the listener. Beside them,
/// the same publishers with the Orleans stream provider on the stream log
/// (<c>AddPostgresStreamLog</c>) delivering to implicitly subscribed grains, and what that
/// provider's silo costs PostgreSQL when nothing is published.
/// </summary>
public static class LagBenchmark
{
    /// <summary>Each rate has a namespace of its own: a new subscription starts at the beginning of its namespace's log.</summary>
    public static string NamespaceFor(int rate) => $"bench-lag-{rate}";

    /// <summary>The Orleans consumers' namespaces: their grain subscribes to every namespace with this prefix.</summary>
    public const string OrleansNamespacePrefix = "bench-lag-orleans-";

    public static async Task RunAsync(TimeSpan duration)
    {
        var connectionString = await BenchDatabase.CreateAsync();
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        Console.WriteLine($"PostgreSQL settings: {await BenchDatabase.SettingsAsync(dataSource)}");
        Console.WriteLine();
        Console.WriteLine(
            "| events/s offered | NOTIFY round trip p50 / p95 / p99 ms | projection lag p50 / p95 / p99 / max ms | events delivered " +
            "| Orleans stream provider lag p50 / p95 / p99 / max ms | events delivered | provider silo idle, queries/s |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var rate in new[] { 200, 1000, 2000 })
        {
            var notify = await NotifyBaselineAsync(dataSource, rate, duration);
            var (lag, delivered) = await StreamLagAsync(dataSource, rate, duration);
            var (orleansLag, orleansDelivered, idleQueries) = await OrleansStreamLagAsync(dataSource, rate, duration);
            Console.WriteLine(
                $"| {rate:N0} | {notify.P50Ms:0.00} / {notify.P95Ms:0.00} / {notify.P99Ms:0.00} | " +
                $"{lag.P50Ms:0.00} / {lag.P95Ms:0.00} / {lag.P99Ms:0.00} / {lag.MaxMs:0.0} | {delivered:N0} | " +
                $"{orleansLag.P50Ms:0.00} / {orleansLag.P95Ms:0.00} / {orleansLag.P99Ms:0.00} / {orleansLag.MaxMs:0.0} | {orleansDelivered:N0} | {idleQueries:0} |");
        }
    }

    /// <summary>
    /// The same publishers, delivered by the Orleans stream provider on the stream log to
    /// implicitly subscribed grains (its defaults: 50 ms agent timer, a read per idle second).
    /// Before publishing, the silo's idle cost: transactions committed in the database per second
    /// while it runs and nothing is published (each poll of the log is one).
    /// </summary>
    private static async Task<(LatencySummary Lag, long Delivered, double IdleQueriesPerSecond)> OrleansStreamLagAsync(
        NpgsqlDataSource dataSource, int rate, TimeSpan duration)
    {
        var streamNamespace = OrleansNamespacePrefix + rate.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var recorder = new LagRecorder();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(dataSource);
        builder.Services.AddSingleton(recorder);
        builder.Services.AddPostgresProviders();
        builder.UseOrleans(silo => silo
            .UseLocalhostClustering(FreePort.Next(), FreePort.Next())
            .AddLottoparGrainStorage()
            .AddPostgresStreamLog("lag", [streamNamespace]));
        using var host = builder.Build();
        await host.StartAsync();

        await Task.Delay(TimeSpan.FromSeconds(2)); // the agents start and take their partitions
        var idleWindow = TimeSpan.FromSeconds(5);
        var before = await CommitsAsync(dataSource);
        await Task.Delay(idleWindow);
        var idleQueries = (await CommitsAsync(dataSource) - before) / idleWindow.TotalSeconds;

        var grains = host.Services.GetRequiredService<IGrainFactory>();
        const int publishers = 20;
        var sent = await PaceAsync(rate, duration, publishers, (publisher, sequence) =>
            grains.GetGrain<ILagPublisherGrain>($"lag-orleans-{rate}-{publisher}").PublishAsync(streamNamespace, $"s{publisher}", sequence));
        var deadline = Stopwatch.StartNew();
        while (recorder.Count < sent && deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(50);
        }

        await host.StopAsync();
        return (recorder.Summarize(), recorder.Count, idleQueries);
    }

    // Statistics reach pg_stat_database within a second of each commit; the window is several seconds.
    private static async Task<long> CommitsAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand(
            "select pg_stat_clear_snapshot(), xact_commit from pg_stat_database where datname = current_database()");
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return reader.GetInt64(1);
    }

    private static async Task<(LatencySummary Lag, long Delivered)> StreamLagAsync(NpgsqlDataSource dataSource, int rate, TimeSpan duration)
    {
        var recorder = new LagRecorder();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(dataSource);
        builder.Services.AddSingleton(recorder);
        builder.Services.AddPostgresProviders(p => p.AddStreamProjection<LagProjection, LagEvent>($"lag-{rate}", NamespaceFor(rate)));
        builder.UseOrleans(silo => silo.UseLocalhostClustering(FreePort.Next(), FreePort.Next()).AddLottoparGrainStorage());
        using var host = builder.Build();
        await host.StartAsync();
        var grains = host.Services.GetRequiredService<IGrainFactory>();

        const int publishers = 20;
        var sent = await PaceAsync(rate, duration, publishers, (publisher, sequence) =>
            grains.GetGrain<ILagPublisherGrain>($"lag-{rate}-{publisher}").PublishAsync(NamespaceFor(rate), $"s{publisher}", sequence));
        var deadline = Stopwatch.StartNew();
        while (recorder.Count < sent && deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(50);
        }

        await host.StopAsync();
        return (recorder.Summarize(), recorder.Count);
    }

    private static async Task<LatencySummary> NotifyBaselineAsync(NpgsqlDataSource dataSource, int rate, TimeSpan duration)
    {
        var histogram = new LatencyHistogram();
        var received = 0L;
        await using var listener = await dataSource.OpenConnectionAsync();
        listener.Notification += (_, e) =>
        {
            histogram.Record(Stopwatch.GetElapsedTime(long.Parse(e.Payload, System.Globalization.CultureInfo.InvariantCulture)).TotalMilliseconds);
            Interlocked.Increment(ref received);
        };
        await using (var listen = new NpgsqlCommand("listen bench_lag", listener))
        {
            await listen.ExecuteNonQueryAsync();
        }

        using var stop = new CancellationTokenSource();
        var listening = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await listener.WaitAsync(TimeSpan.FromMilliseconds(100));
            }
        });
        var sent = await PaceAsync(rate, duration, 20, async (_, _) =>
        {
            await using var notify = dataSource.CreateCommand("select pg_notify('bench_lag', $1)");
            notify.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Stopwatch.GetTimestamp().ToString(System.Globalization.CultureInfo.InvariantCulture) });
            await notify.ExecuteNonQueryAsync();
        });
        var deadline = Stopwatch.StartNew();
        while (Interlocked.Read(ref received) < sent && deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(20);
        }

        await stop.CancelAsync();
        await listening;
        return histogram.Summarize();
    }

    /// <summary>Sends at a fixed total rate from several workers (open loop); returns how many were sent.</summary>
    private static async Task<long> PaceAsync(int rate, TimeSpan duration, int workers, Func<int, long, Task> send)
    {
        var interval = TimeSpan.FromSeconds((double)workers / rate);
        var clock = Stopwatch.StartNew();
        long sent = 0;
        await Task.WhenAll(Enumerable.Range(0, workers).Select(worker => Task.Run(async () =>
        {
            var next = interval * worker / workers;
            for (long sequence = 0; next < duration; sequence++, next += interval)
            {
                var wait = next - clock.Elapsed;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait);
                }

                await send(worker, sequence);
                Interlocked.Increment(ref sent);
            }
        })));
        return sent;
    }
}

/// <summary>Where the lag projection notes each event's lag.</summary>
public sealed class LagRecorder
{
    private readonly LatencyHistogram _histogram = new();
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public void Record(TimeSpan lag)
    {
        _histogram.Record(lag.TotalMilliseconds);
        Interlocked.Increment(ref _count);
    }

    public LatencySummary Summarize() => _histogram.Summarize();
}
