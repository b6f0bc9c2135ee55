using Microsoft.Extensions.Logging;
using Npgsql;

namespace Lottopar.Providers.PostgreSql.Outages;

/// <summary>
/// The silo's one view of whether PostgreSQL is reachable. Everything that meets a failure asks
/// <see cref="TryReport"/> whether it is the database being unavailable; the first such failure
/// logs one error for the whole silo, later ones are debug lines, and the first successful
/// storage operation afterwards logs one line saying the outage is over. Requests, activations,
/// stream delivery and reminders all report here, so an outage is two lines in the log, not a
/// stack trace per request.
/// </summary>
public sealed class DatabaseOutage(ILogger<DatabaseOutage> logger, TimeProvider clock)
{
    private int _down;
    private long _failures;
    private long _sinceUtcTicks;

    /// <summary>True from the first failure of an outage until the database answers again.</summary>
    public bool IsDown => Volatile.Read(ref _down) == 1;

    /// <summary>
    /// Whether <paramref name="error"/> (or an exception inside it) is the database being unreachable,
    /// restarting or out of connections, as opposed to a statement it refused. Such a failure says
    /// nothing about the request: retrying later is the answer.
    /// </summary>
    public static bool IsOutage(Exception? error)
    {
        for (var depth = 0; error is not null && depth < 16; depth++)
        {
            switch (error)
            {
                case PostgresException server:
                    return IsOutageState(server.SqlState);
                case NpgsqlException:
                    // Raised by the client itself: no connection, a broken one, a timeout, an exhausted pool.
                    return true;
                case AggregateException aggregate when aggregate.InnerExceptions.Count > 1:
                    return aggregate.InnerExceptions.Any(IsOutage);
            }

            error = error.InnerException;
        }

        return false;
    }

    /// <summary>
    /// Records <paramref name="error"/> when it is an outage (see <see cref="IsOutage"/>) and returns
    /// true; returns false, recording nothing, for any other failure.
    /// </summary>
    /// <param name="where">What failed, for the log ("POST /betting-events", "activation of player/*****").</param>
    public bool TryReport(Exception error, string where)
    {
        if (!IsOutage(error))
        {
            return false;
        }

        var failures = Interlocked.Increment(ref _failures);
        if (Interlocked.CompareExchange(ref _down, 1, 0) == 0)
        {
            Volatile.Write(ref _sinceUtcTicks, clock.GetUtcNow().UtcTicks);
            logger.LogError("PostgreSQL is unavailable ({Where}: {Cause}); requests are answered 503 until it is back", where, Cause(error));
        }
        else
        {
            logger.LogDebug("PostgreSQL still unavailable ({Failures} failures): {Where}", failures, where);
        }

        return true;
    }

    /// <summary>A storage operation succeeded: an outage, if there was one, is over. Costs one read otherwise.</summary>
    public void Succeeded()
    {
        if (Volatile.Read(ref _down) == 1 && Interlocked.CompareExchange(ref _down, 0, 1) == 1)
        {
            var lasted = TimeSpan.FromTicks(clock.GetUtcNow().UtcTicks - Volatile.Read(ref _sinceUtcTicks));
            logger.LogInformation("PostgreSQL answers again after {Duration} and {Failures} failed operations",
                lasted.ToString(@"hh\:mm\:ss", System.Globalization.CultureInfo.InvariantCulture), Interlocked.Exchange(ref _failures, 0));
        }
    }

    private static bool IsOutageState(string state) =>
        state.StartsWith("08", StringComparison.Ordinal)       // connection exception
        || state.StartsWith("53", StringComparison.Ordinal)    // insufficient resources (too many connections, disk full)
        || state.StartsWith("58", StringComparison.Ordinal)    // system error (I/O)
        || state is "57P01" or "57P02" or "57P03";             // shutting down, crashed, not yet accepting connections

    /// <summary>The innermost message: "Connection refused", not the wrapping layers'.</summary>
    private static string Cause(Exception error)
    {
        var inner = error;
        while (inner.InnerException is not null)
        {
            inner = inner.InnerException;
        }

        return inner == error ? error.Message : $"{error.GetType().Name}: {inner.Message}";
    }
}
