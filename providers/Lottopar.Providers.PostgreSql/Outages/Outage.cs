using Microsoft.Extensions.Logging;

namespace Lottopar.Providers.PostgreSql.Outages;

/// <summary>
/// How a background loop that must outlive a database outage reports it and waits: the waits
/// double from <paramref name="firstRetry"/> up to <paramref name="longestRetry"/>. A failure that
/// is the database being unavailable goes to the silo's <see cref="DatabaseOutage"/>, which logs
/// the outage once for everyone; the loop itself writes debug lines. Any other failure is an error
/// of this loop, logged once with its exception, then debug lines, and the first success after it
/// says so once. A silo whose database is gone then neither floods its log nor keeps a core busy.
/// One instance per loop; not thread-safe.
/// </summary>
/// <param name="activity">What the loop does, as the start of a sentence (e.g. "Reminder polling").</param>
internal sealed class Outage(ILogger logger, DatabaseOutage database, string activity, TimeSpan firstRetry, TimeSpan longestRetry)
{
    private int _failures;
    private bool _loggedError;

    /// <summary>Records a failed attempt and returns how long to wait before the next one.</summary>
    public TimeSpan Failed(Exception error)
    {
        _failures++;
        if (!database.TryReport(error, activity) && !_loggedError)
        {
            _loggedError = true;
            logger.LogError(error, "{Activity} failed; retrying with waits of up to {Longest}", activity, longestRetry);
        }
        else
        {
            logger.LogDebug("{Activity} failed ({Failures} in a row): {Error}", activity, _failures, error.Message);
        }

        return Backoff.Doubling(_failures, firstRetry, longestRetry);
    }

    /// <summary>Records a whole round that went through: an outage, if there was one, is over.</summary>
    public void Succeeded()
    {
        if (_failures == 0)
        {
            return;
        }

        database.Succeeded();
        if (_loggedError)
        {
            logger.LogInformation("{Activity} resumed after {Failures} failed attempts", activity, _failures);
        }

        _failures = 0;
        _loggedError = false;
    }
}
