using Lottopar.Runtime.Core;

namespace Lottopar.Runtime.Reminders;

/// <summary>The arithmetic of reminder ticks, kept pure so it can be tested on its own.</summary>
public static class ReminderSchedule
{
    /// <summary>Grid ticks after <paramref name="due"/> and no later than <paramref name="now"/>: fired late as one, they are skipped.</summary>
    public static long MissedTicks(DateTimeOffset due, TimeSpan? period, DateTimeOffset now) =>
        period is { } every && now > due ? (now - due).Ticks / every.Ticks : 0;

    /// <summary>
    /// The first tick on the reminder's own grid (<paramref name="due"/> plus whole periods) strictly
    /// after <paramref name="now"/>; null for a one-shot reminder.
    /// </summary>
    public static DateTimeOffset? NextAfter(DateTimeOffset due, TimeSpan? period, DateTimeOffset now)
    {
        if (period is not { } every)
        {
            return null;
        }

        return due + (every * (MissedTicks(due, every, now) + 1));
    }

    /// <summary>Delay before retrying a failed tick: doubles per failure, capped (and never past the next regular tick).</summary>
    public static TimeSpan RetryDelay(int failures, TimeSpan first, TimeSpan maximum, TimeSpan? period) =>
        Backoff.Doubling(failures, first, period is { } every && every < maximum ? every : maximum);
}
