using Lottopar.Providers.PostgreSql.Outages;
using Lottopar.Providers.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using Npgsql;
using Xunit;

namespace Lottopar.Providers.Tests.Unit;

public sealed class OutageTests
{
    private static readonly NpgsqlException Unreachable = new("Failed to connect to 127.0.0.1:1", new IOException("Connection refused"));

    [Fact]
    public void ALoopFailureIsAnErrorOnceThenDebugLinesWithLongerWaitsAndItsEndIsSaidOnce()
    {
        var log = new CapturedLogs("outage");
        var outage = new Outage(log.Logger(), Database(new CapturedLogs("database")), "Polling", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(4));

        var waits = Enumerable.Range(0, 4).Select(_ => outage.Failed(new IOException("gone")).TotalSeconds).ToList();
        outage.Succeeded();
        outage.Succeeded();
        var afterwards = outage.Failed(new IOException("gone again"));

        Assert.Equal([1, 2, 4, 4], waits);
        Assert.Equal(TimeSpan.FromSeconds(1), afterwards);
        Assert.Equal(
            [
                (LogLevel.Error, "Polling failed; retrying with waits of up to 00:00:04"),
                (LogLevel.Debug, "Polling failed (2 in a row): gone"),
                (LogLevel.Debug, "Polling failed (3 in a row): gone"),
                (LogLevel.Debug, "Polling failed (4 in a row): gone"),
                (LogLevel.Information, "Polling resumed after 4 failed attempts"),
                (LogLevel.Error, "Polling failed; retrying with waits of up to 00:00:04"),
            ],
            log.Entries.Select(e => (e.Level, e.Message)));
    }

    [Fact]
    public void ADatabaseOutageMetByManyLoopsIsOneErrorAndOneEndForTheSilo()
    {
        var loopLog = new CapturedLogs("outage");
        var databaseLog = new CapturedLogs("database");
        var database = Database(databaseLog);
        var loops = Enumerable.Range(0, 3)
            .Select(i => new Outage(loopLog.Logger(), database, $"Loop {i}", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(4)))
            .ToList();

        var waits = loops.Select(loop => Enumerable.Range(0, 3).Select(_ => loop.Failed(Unreachable).TotalSeconds).ToList()).ToList();
        Assert.True(database.IsDown);
        loops.ForEach(loop => loop.Succeeded());

        Assert.All(waits, w => Assert.Equal([1, 2, 4], w));
        Assert.False(database.IsDown);
        Assert.All(loopLog.Entries, e => Assert.Equal(LogLevel.Debug, e.Level));
        Assert.Equal(
            [LogLevel.Error, LogLevel.Information],
            databaseLog.Entries.Where(e => e.Level > LogLevel.Debug).Select(e => e.Level));
        Assert.Contains("Connection refused", databaseLog.Entries.First().Message);
    }

    [Fact]
    public void SuccessWithoutAnOutageSaysNothing()
    {
        var log = new CapturedLogs("outage");
        var databaseLog = new CapturedLogs("database");

        new Outage(log.Logger(), Database(databaseLog), "Polling", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(4)).Succeeded();

        Assert.Empty(log.Entries);
        Assert.Empty(databaseLog.Entries);
    }

    [Theory]
    [InlineData("08006", true)]
    [InlineData("57P01", true)]
    [InlineData("57P03", true)]
    [InlineData("53300", true)]
    [InlineData("23505", false)]
    [InlineData("22P05", false)]
    [InlineData("40001", false)]
    public void OnlyAnUnreachableOrUnavailableServerIsAnOutage(string sqlState, bool outage) =>
        Assert.Equal(outage, DatabaseOutage.IsOutage(new InvalidOperationException("wrapped", new PostgresException("x", "ERROR", "ERROR", sqlState))));

    [Fact]
    public void AClientSideConnectionFailureIsAnOutageAndAnyOtherExceptionIsNot()
    {
        Assert.True(DatabaseOutage.IsOutage(new AggregateException(new InvalidOperationException("a"), Unreachable)));
        Assert.False(DatabaseOutage.IsOutage(new IOException("disk")));
        Assert.False(DatabaseOutage.IsOutage(null));
    }

    private static DatabaseOutage Database(CapturedLogs log) =>
        new(new CategoryLogger<DatabaseOutage>(log.Logger()), TimeProvider.System);

    private sealed class CategoryLogger<T>(ILogger inner) : ILogger<T>
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            inner.Log(logLevel, eventId, state, exception, formatter);
    }
}
