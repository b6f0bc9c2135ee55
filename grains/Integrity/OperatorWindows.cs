using Lottopar.GrainInterfaces.Integrity;

namespace Lottopar.Grains.Integrity;

/// <summary>
/// What the operator rules count over: flagged betting events per hour (UTC) for the last day,
/// keeping the ids of the flagged ones only (an operator sends millions of others). Idempotent like <see cref="PlayerWindows"/>. Kept in the intake grain's memory: it starts again
/// empty when the grain activates again, so a count it reports is a floor.
/// </summary>
public sealed class OperatorWindows
{
    private const int HoursKept = 24;
    private readonly Dictionary<DateTimeOffset, int> _flaggedPerHour = [];
    private readonly Dictionary<DateTimeOffset, HashSet<Guid>> _seen = [];

    /// <summary>Counts a flagged event in its hour, once however often it is delivered; an unflagged one counts nothing and is not kept.</summary>
    /// <returns>Whether the count changed.</returns>
    public bool Fold(BetObservation bet)
    {
        if (bet.Flags.Count == 0)
        {
            return false;
        }

        var hour = HourOf(bet.EventDate);
        if (!_seen.TryGetValue(hour, out var seen))
        {
            _seen[hour] = seen = [];
            foreach (var old in _seen.Keys.Where(h => h < hour.AddHours(-HoursKept)).ToList())
            {
                _seen.Remove(old);
                _flaggedPerHour.Remove(old);
            }
        }

        if (!seen.Add(bet.EventId))
        {
            return false;
        }

        _flaggedPerHour[hour] = _flaggedPerHour.GetValueOrDefault(hour) + 1;
        return true;
    }

    /// <summary>Flagged events whose event_date falls in the hour of <paramref name="at"/>.</summary>
    public int FlaggedInHourOf(DateTimeOffset at) => _flaggedPerHour.GetValueOrDefault(HourOf(at));

    private static DateTimeOffset HourOf(DateTimeOffset at)
    {
        var utc = at.ToUniversalTime();
        return new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, TimeSpan.Zero);
    }
}
