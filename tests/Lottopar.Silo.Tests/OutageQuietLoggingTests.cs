using Lottopar.Silo.Cluster;
using Lottopar.Silo.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.Runtime;
using Xunit;

namespace Lottopar.Silo.Tests;

/// <summary>
/// Orleans' own error lines about a failed activation or storage call go to Debug when the cause is
/// a database outage (logged once elsewhere), and stay errors for any other cause or category.
/// </summary>
public sealed class OutageQuietLoggingTests
{
    private static (ILoggerFactory Factory, LogSink Sink) Build()
    {
        var sink = new LogSink();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(sink));
        services.AddOutageQuietLogging();
        return (services.BuildServiceProvider().GetRequiredService<ILoggerFactory>(), sink);
    }

    private static OrleansException Outage() => new OrleansException("storage", new NpgsqlException("Connection refused", new System.Net.Sockets.SocketException(111)));

    [Fact]
    public void AnActivationThatFailedForAnOutageIsLoggedAtDebug()
    {
        var (factory, sink) = Build();

        factory.CreateLogger("Orleans.Grain").LogError(Outage(), "Error activating grain {Grain}", "lottery_draw/01/2026-12-03");

        Assert.Equal(LogLevel.Debug, Assert.Single(sink.Entries).Level);
    }

    [Fact]
    public void OtherCausesAndOtherCategoriesKeepTheirLevel()
    {
        var (factory, sink) = Build();

        factory.CreateLogger("Orleans.Grain").LogError(new InvalidOperationException("a bug"), "Error activating grain {Grain}", "x");
        factory.CreateLogger("Orleans.Grain").LogWarning("Overload - {Count} enqueued requests", 5000);
        factory.CreateLogger("Lottopar.Silo.Anything").LogError(Outage(), "handled elsewhere");

        Assert.Equal([LogLevel.Error, LogLevel.Warning, LogLevel.Error], sink.Entries.Select(e => e.Level));
    }
}
