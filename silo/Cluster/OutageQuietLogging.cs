using Lottopar.Providers.PostgreSql.Storage;
using Lottopar.Providers.PostgreSql.Outages;

namespace Lottopar.Silo.Cluster;

/// <summary>
/// Keeps a PostgreSQL outage at one log line. While the database is unreachable, every Orleans
/// activation that reads its state fails, and Orleans logs each failure at Error three or four
/// times (the storage bridge, the lifecycle, the activation), with no way to tell it not to. The
/// outage itself is logged once by <see cref="DatabaseOutage"/> where the failure is handled, and
/// every request is answered 503 (or its protocol's failure code). So entries of those Orleans
/// categories whose exception is an outage (<see cref="DatabaseOutage.IsOutage"/>) are written at
/// Debug instead; every other entry of theirs, warnings of overload included, is left as it is.
/// </summary>
public static class OutageQuietLogging
{
    /// <summary>The categories Orleans logs failed activations and storage calls under.</summary>
    public static readonly IReadOnlySet<string> Categories = new HashSet<string>(StringComparer.Ordinal)
    {
        "Orleans.Grain",
        typeof(PostgresGrainStorageProvider).FullName!,
    };

    /// <summary>Wraps the logger factory that logging registered (call after AddLogging, which the host builder does).</summary>
    public static IServiceCollection AddOutageQuietLogging(this IServiceCollection services)
    {
        var original = services.LastOrDefault(d => d.ServiceType == typeof(ILoggerFactory))
            ?? throw new InvalidOperationException("ILoggerFactory is not registered.");
        services.Remove(original);
        services.AddSingleton<ILoggerFactory>(sp => new QuietFactory(
            original.ImplementationInstance as ILoggerFactory
            ?? (ILoggerFactory)(original.ImplementationFactory?.Invoke(sp) ?? ActivatorUtilities.CreateInstance(sp, original.ImplementationType!))));
        return services;
    }

    private sealed class QuietFactory(ILoggerFactory inner) : ILoggerFactory
    {
        public ILogger CreateLogger(string categoryName)
        {
            var logger = inner.CreateLogger(categoryName);
            return Categories.Contains(categoryName) ? new QuietLogger(logger) : logger;
        }

        public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

        public void Dispose() => inner.Dispose();
    }

    private sealed class QuietLogger(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var level = logLevel > LogLevel.Debug && DatabaseOutage.IsOutage(exception) ? LogLevel.Debug : logLevel;
            if (inner.IsEnabled(level))
            {
                inner.Log(level, eventId, state, exception, formatter);
            }
        }
    }
}
