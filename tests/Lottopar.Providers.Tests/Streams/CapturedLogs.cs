using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Lottopar.Providers.Tests.Streams;

/// <summary>Keeps what one logger category writes, from Debug up, with the time of each entry.</summary>
public sealed class CapturedLogs(string category) : ILoggerProvider
{
    public sealed record Entry(DateTime At, LogLevel Level, string Message);

    public ConcurrentQueue<Entry> Entries { get; } = new();

    /// <summary>Adds this provider to a host's logging, letting the category's Debug lines through.</summary>
    public void AddTo(ILoggingBuilder builder) => builder.AddProvider(this).AddFilter<CapturedLogs>(category, LogLevel.Debug);

    /// <summary>A logger of the captured category, for code that takes one directly.</summary>
    public ILogger Logger() => CreateLogger(category);

    public ILogger CreateLogger(string categoryName) => new CategoryLogger(this, categoryName == category);

    public void Dispose()
    {
    }

    private sealed class CategoryLogger(CapturedLogs sink, bool kept) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => kept;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (kept)
            {
                sink.Entries.Enqueue(new Entry(DateTime.UtcNow, logLevel, formatter(state, exception)));
            }
        }
    }
}
