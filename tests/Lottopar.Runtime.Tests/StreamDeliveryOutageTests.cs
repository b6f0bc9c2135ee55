using System.Collections.Concurrent;
using Lottopar.Runtime.Streams;
using Lottopar.Runtime.Tests.Grains;
using Lottopar.Runtime.Tests.Infrastructure;
using Lottopar.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Lottopar.Runtime.Tests;

/// <summary>A silo whose database is unreachable: its delivery loops wait longer and longer, and say so once.</summary>
public sealed class StreamDeliveryOutageTests
{
    [Fact]
    public async Task EachDeliveryLoopLogsAnOutageOnceAndBacksOff()
    {
        var logs = new CapturedLogs();
        await using var silo = await TestSilo.StartAsync(
            "Host=127.0.0.1;Port=1;Timeout=2",
            r => r.AddStreamSubscription<IAuditGrain, AccountEvent>("outage", Guid.NewGuid().ToString("N")),
            services: s => s.AddLogging(b => b.AddProvider(logs).AddFilter<CapturedLogs>(typeof(StreamDeliveryService).FullName, LogLevel.Debug)));

        // Attempts at 0, 1 and 3 s, then 7 s. Waits only get longer on a loaded machine, so the
        // check is on lower bounds: the third attempt comes at least 2 s after the second (a fixed
        // 1-s retry would come after 1 s), and only the first failure of each loop is an error.
        var perLoop = await Eventually.HoldsAsync(
            () => Task.FromResult(AttemptsPerLoop(logs)),
            loops => loops.Count == StreamPartitioner.PartitionCount && loops.All(l => l.Count >= 3),
            "every delivery loop has tried three times",
            TimeSpan.FromSeconds(30));

        Assert.All(perLoop, attempts =>
        {
            Assert.Single(attempts, e => e.Level == LogLevel.Error);
            Assert.Equal(LogLevel.Error, attempts[0].Level);
            Assert.True(attempts[2].At - attempts[1].At >= TimeSpan.FromSeconds(1.9),
                $"the third attempt came {(attempts[2].At - attempts[1].At).TotalSeconds:0.00} s after the second");
        });
    }

    private static List<List<(DateTime At, LogLevel Level, string Message)>> AttemptsPerLoop(CapturedLogs logs) =>
        logs.Entries
            .Where(e => e.Message.Contains("Delivery of outage partition", StringComparison.Ordinal))
            .GroupBy(e => e.Message.Split(' ')[4])
            .Select(loop => loop.OrderBy(e => e.At).ToList())
            .ToList();

    private sealed class CapturedLogs : ILoggerProvider
    {
        public ConcurrentQueue<(DateTime At, LogLevel Level, string Message)> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void Dispose()
        {
        }

        private sealed class Logger(CapturedLogs sink) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                sink.Entries.Enqueue((DateTime.UtcNow, logLevel, formatter(state, exception)));
        }
    }
}
