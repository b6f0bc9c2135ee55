using System.Collections.Concurrent;
using Lottopar.Runtime.Streams;
using Lottopar.Runtime.Tests.Grains;
using Lottopar.Runtime.Tests.Infrastructure;
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

        // Attempts at 0, 1 and 3 s; the next would come at 7 s (with a fixed 1-s retry: 0, 1, 2, 3, 4 and 5 s).
        await Task.Delay(TimeSpan.FromSeconds(5.5));

        var failures = logs.Entries.Where(e => e.Message.Contains("Delivery of outage partition", StringComparison.Ordinal)).ToList();
        var perLoop = failures.GroupBy(e => e.Message.Split(' ')[4]).ToList();
        Assert.Equal(StreamPartitioner.PartitionCount, perLoop.Count);
        Assert.All(perLoop, loop =>
        {
            Assert.Single(loop, e => e.Level == LogLevel.Error);
            Assert.InRange(loop.Count(), 2, 3);
        });
    }

    private sealed class CapturedLogs : ILoggerProvider
    {
        public ConcurrentQueue<(LogLevel Level, string Message)> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void Dispose()
        {
        }

        private sealed class Logger(CapturedLogs sink) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                sink.Entries.Enqueue((logLevel, formatter(state, exception)));
        }
    }
}
