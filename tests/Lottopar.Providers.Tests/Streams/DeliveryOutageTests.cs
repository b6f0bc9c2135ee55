using Lottopar.Providers.Tests.Infrastructure;
using Lottopar.Providers.PostgreSql.Hosting;
using Lottopar.Providers.PostgreSql.Outages;
using Lottopar.Providers.PostgreSql.Streams;
using Lottopar.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Xunit;

namespace Lottopar.Providers.Tests.Streams;

/// <summary>
/// A silo whose database is unreachable: its stream delivery loops wait longer and longer between
/// attempts, and the outage is one error for the whole silo. The loops are the providers' own
/// hosted services, so a host with the providers alone (no Orleans) runs them.
/// </summary>
public sealed class DeliveryOutageTests
{
    private const string Unreachable = "Host=127.0.0.1;Port=1;Timeout=2";

    [Fact]
    public async Task Every_delivery_loop_backs_off_and_the_outage_is_one_error_for_the_silo()
    {
        var logs = new CapturedLogs(typeof(StreamDeliveryService).FullName!);
        var database = new CapturedLogs(typeof(DatabaseOutage).FullName!);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        logs.AddTo(builder.Logging);
        database.AddTo(builder.Logging);
        builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(Unreachable));
        builder.Services.AddPostgresProviders(p => p.AddStreamProjection<RecordingProjection, Deposited>("outage", Guid.NewGuid().ToString("N")));
        using var host = builder.Build();
        await host.StartAsync();

        try
        {
            var perLoop = await AttemptsAsync(logs, "Delivery of outage partition", loops: StreamPartitioner.PartitionCount);

            Assert.All(perLoop, AssertsLongerWaits);
            Assert.DoesNotContain(logs.Entries, e => e.Level > LogLevel.Debug);
            Assert.Single(database.Entries, e => e.Level == LogLevel.Error);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    /// <summary>
    /// Attempts at 0, 1 and 3 s, then 7 s. Waits only get longer on a loaded machine, so the check
    /// is on lower bounds: the third attempt comes at least 2 s after the second (a fixed 1-s
    /// retry would come after 1 s).
    /// </summary>
    private static void AssertsLongerWaits(List<CapturedLogs.Entry> attempts) =>
        Assert.True(attempts[2].At - attempts[1].At >= TimeSpan.FromSeconds(1.9),
            $"the third attempt came {(attempts[2].At - attempts[1].At).TotalSeconds:0.00} s after the second: {string.Join(" / ", attempts.Select(a => $"{a.At:ss.fff} {a.Level} {a.Message}"))}");

    /// <summary>Waits until each of the loops has failed three times; the failures of each loop, in order.</summary>
    private static Task<List<List<CapturedLogs.Entry>>> AttemptsAsync(CapturedLogs logs, string activity, int loops) =>
        Eventually.HoldsAsync(
            () => Task.FromResult(logs.Entries
                .Where(e => e.Message.StartsWith(activity, StringComparison.Ordinal) && e.Message.Contains(" failed", StringComparison.Ordinal))
                .GroupBy(e => e.Message[..e.Message.IndexOf(" failed", StringComparison.Ordinal)])
                .Select(loop => loop.OrderBy(e => e.At).ToList())
                .ToList()),
            perLoop => perLoop.Count == loops && perLoop.All(l => l.Count >= 3),
            $"each of {loops} loop(s) has tried three times",
            TimeSpan.FromSeconds(30));
}
