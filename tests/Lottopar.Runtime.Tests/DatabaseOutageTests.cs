using Lottopar.Runtime.Core;
using Lottopar.Runtime.Reminders;
using Lottopar.Runtime.Streams;
using Lottopar.Runtime.Tests.Grains;
using Lottopar.Runtime.Tests.Infrastructure;
using Lottopar.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Lottopar.Runtime.Tests;

/// <summary>
/// A silo whose database is unreachable: its background loops (stream delivery, reminder polling)
/// wait longer and longer between attempts, and the outage is one error for the whole silo.
/// </summary>
public sealed class DatabaseOutageTests
{
    private const string Unreachable = "Host=127.0.0.1;Port=1;Timeout=2";

    [Fact]
    public async Task EveryDeliveryLoopBacksOffAndTheOutageIsOneErrorForTheSilo()
    {
        var logs = new CapturedLogs(typeof(StreamDeliveryService).FullName!);
        var database = new CapturedLogs(typeof(DatabaseOutage).FullName!);
        await using var silo = await TestSilo.StartAsync(
            Unreachable,
            r => r.AddStreamSubscription<IAuditGrain, AccountEvent>("outage", Guid.NewGuid().ToString("N")),
            services: s => s.AddLogging(b => { logs.AddTo(b); database.AddTo(b); }));

        var perLoop = await AttemptsAsync(logs, "Delivery of outage partition", loops: StreamPartitioner.PartitionCount);

        Assert.All(perLoop, AssertsLongerWaits);
        Assert.DoesNotContain(logs.Entries, e => e.Level > LogLevel.Debug);
        Assert.Single(database.Entries, e => e.Level == LogLevel.Error);
    }

    [Fact]
    public async Task ReminderPollingBacksOffAndTheOutageIsOneErrorForTheSilo()
    {
        var logs = new CapturedLogs(typeof(ReminderService).FullName!);
        var database = new CapturedLogs(typeof(DatabaseOutage).FullName!);
        await using var silo = await TestSilo.StartAsync(
            Unreachable,
            options: o => o.ReminderPollInterval = TimeSpan.FromSeconds(1), // the production default; TestSilo polls faster
            services: s => s.AddLogging(b => { logs.AddTo(b); database.AddTo(b); }));

        var perLoop = await AttemptsAsync(logs, "Reminder polling", loops: 1);

        Assert.All(perLoop, AssertsLongerWaits);
        Assert.DoesNotContain(logs.Entries, e => e.Level > LogLevel.Debug);
        Assert.Single(database.Entries, e => e.Level == LogLevel.Error);
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
