namespace Lottopar.Testing;

/// <summary>
/// A clock the test moves by hand. The platform reads time from it and paces its own loops with
/// real time, so by default creating timers on this clock is a bug and throws. A host where
/// framework components schedule timers on the injected clock passes <c>realTimers: true</c>.
/// </summary>
public sealed class ManualClock(DateTimeOffset start, bool realTimers = false) : TimeProvider
{
    private long _utcTicks = start.UtcTicks;

    public ManualClock() : this(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero))
    {
    }

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _utcTicks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _utcTicks, by.Ticks);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        realTimers
            ? System.CreateTimer(callback, state, dueTime, period)
            : throw new NotSupportedException("The platform must not schedule timers on the injected clock.");
}
