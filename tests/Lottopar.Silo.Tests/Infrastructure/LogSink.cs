using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lottopar.Silo.Tests.Infrastructure;

/// <summary>What the silo logs, at the levels its configuration lets through (as its console would), with the exception if any.</summary>
public sealed class LogSink : ILoggerProvider
{
    public sealed record Entry(DateTime At, string Category, LogLevel Level, string Message, Exception? Exception);

    public ConcurrentQueue<Entry> Entries { get; } = new();

    /// <summary>Registers this sink in a silo's services (PlatformHost's <c>services</c> hook).</summary>
    public void AddTo(IServiceCollection services) => services.AddLogging(b => b.AddProvider(this));

    public IReadOnlyList<Entry> Since(DateTime at) => [.. Entries.Where(e => e.At >= at)];

    public ILogger CreateLogger(string categoryName) => new SinkLogger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class SinkLogger(LogSink sink, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            sink.Entries.Enqueue(new Entry(DateTime.UtcNow, category, logLevel, formatter(state, exception), exception));
    }
}
