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
/// wait longer and longer between attempts, and report the outage once each.
/// </summary>
public sealed class DatabaseOutageTests
{
    private const string Unreachable = "Host=127.0.0.1;Port=1;Timeout=2";

    [Fact]
    public async Task EachDeliveryLoopLogsAnOutageOnceAndBacksOff()
    {
        var logs = new CapturedLogs(typeof(StreamDeliveryService).FullName!);
        await using var silo = await TestSilo.StartAsync(
            Unreachable,
            r => r.AddStreamSubscription<IAuditGrain, AccountEvent>("outage", Guid.NewGuid().ToString("N")),
            services: s => s.AddLogging(b => logs.AddTo(b)));

        var perLoop = await AttemptsAsync(logs, "Delivery of outage partition", loops: StreamPartitioner.PartitionCount);

        Assert.All(perLoop, AssertsOneErrorThenLongerWaits);
    }

    [Fact]
    public async Task ReminderPollingLogsAnOutageOnceAndBacksOff()
    {
        var logs = new CapturedLogs(typeof(ReminderService).FullName!);
        await using var silo = await TestSilo.StartAsync(
            Unreachable,
            options: o => o.ReminderPollInterval = TimeSpan.FromSeconds(1), // the production default; TestSilo polls faster
            services: s => s.AddLogging(b => logs.AddTo(b)));

        var perLoop = await AttemptsAsync(logs, "Reminder polling", loops: 1);

        Assert.All(perLoop, AssertsOneErrorThenLongerWaits);
    }

    /// <summary>
    /// Attempts at 0, 1 and 3 s, then 7 s. Waits only get longer on a loaded machine, so the check
    /// is on lower bounds: the third attempt comes at least 2 s after the second (a fixed 1-s
    /// retry would come after 1 s), and only the first failure of the loop is an error.
    /// </summary>
    private static void AssertsOneErrorThenLongerWaits(List<CapturedLogs.Entry> attempts)
    {
        Assert.Single(attempts, e => e.Level == LogLevel.Error);
        Assert.Equal(LogLevel.Error, attempts[0].Level);
        Assert.True(attempts[2].At - attempts[1].At >= TimeSpan.FromSeconds(1.9),
            $"the third attempt came {(attempts[2].At - attempts[1].At).TotalSeconds:0.00} s after the second: {string.Join(" / ", attempts.Select(a => $"{a.At:ss.fff} {a.Level} {a.Message}"))}");
    }

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
