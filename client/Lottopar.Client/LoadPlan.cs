namespace Lottopar.Client;

/// <summary>How the load is offered.</summary>
public enum LoadMode
{
    /// <summary>Events start on a fixed schedule whatever the platform's latency, as real operators send them.</summary>
    OpenLoop,

    /// <summary>A fixed number of workers, each sending its next event as soon as the previous one is answered: finds saturation.</summary>
    ClosedLoop,
}

/// <summary>What a <see cref="LoadRunner"/> does: the mode, its rate or workers, and when to stop (a duration, a count, or both).</summary>
public sealed record LoadPlan
{
    private LoadPlan()
    {
    }

    public LoadMode Mode { get; private init; }

    /// <summary>Open loop: events started per second.</summary>
    public double TargetRate { get; private init; }

    /// <summary>
    /// Open loop: the most requests in flight at once (a platform that falls behind makes the schedule slip
    /// instead of piling up sockets). Closed loop: the number of workers. Never more than the workload allows: one
    /// request in flight per simulated player, or per POS terminal.
    /// </summary>
    public int Concurrency { get; private init; }

    /// <summary>Stop starting events after this long.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>Stop after starting this many events.</summary>
    public long? MaxEvents { get; init; }

    /// <summary>How often the progress callback is called.</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    public static LoadPlan OpenLoop(double eventsPerSecond, TimeSpan? duration = null, long? maxEvents = null, int maxInFlight = 256)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(eventsPerSecond);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxInFlight, 1);
        return Validated(new LoadPlan
        {
            Mode = LoadMode.OpenLoop,
            TargetRate = eventsPerSecond,
            Concurrency = maxInFlight,
            Duration = duration,
            MaxEvents = maxEvents,
        });
    }

    public static LoadPlan ClosedLoop(int workers, TimeSpan? duration = null, long? maxEvents = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        return Validated(new LoadPlan
        {
            Mode = LoadMode.ClosedLoop,
            Concurrency = workers,
            Duration = duration,
            MaxEvents = maxEvents,
        });
    }

    private static LoadPlan Validated(LoadPlan plan)
    {
        if (plan.Duration is null && plan.MaxEvents is null)
        {
            throw new ArgumentException("A load needs an end: a duration, a number of events, or both.");
        }

        if (plan.Duration is { } duration && duration <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(plan), "The duration must be positive.");
        }

        if (plan.MaxEvents is { } max && max < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(plan), "The number of events must be positive.");
        }

        return plan;
    }
}
