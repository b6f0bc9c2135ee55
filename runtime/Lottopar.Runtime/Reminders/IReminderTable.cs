namespace Lottopar.Runtime.Reminders;

/// <summary>Durable reminders, claimed with a lease so that one silo at a time fires each.</summary>
public interface IReminderTable
{
    /// <summary>Creates or replaces a reminder; replacing bumps its version so an in-flight tick does not undo it.</summary>
    Task UpsertAsync(GrainId grain, string name, DateTimeOffset firstDue, TimeSpan? period, DateTimeOffset now, CancellationToken cancellationToken);

    Task<bool> DeleteAsync(GrainId grain, string name, CancellationToken cancellationToken);

    /// <summary>Leases up to <paramref name="maxCount"/> due reminders that nobody holds (or whose lease expired).</summary>
    Task<IReadOnlyList<ReminderEntry>> ClaimDueAsync(DateTimeOffset now, string owner, TimeSpan lease, int maxCount, CancellationToken cancellationToken);

    /// <summary>
    /// Ends a tick: releases the lease and, unless the reminder was registered again meanwhile,
    /// records what comes next. A fired one-shot reminder (<see cref="ReminderOutcome.Done"/>) is removed.
    /// </summary>
    Task ReleaseAsync(ReminderEntry claimed, string owner, ReminderOutcome outcome, DateTimeOffset now, CancellationToken cancellationToken);
}

/// <param name="Period">Null for a one-shot reminder.</param>
/// <param name="TickDue">The tick being fired: always on the grid FirstDue + k * Period.</param>
/// <param name="Version">Changes whenever the reminder is registered again.</param>
/// <param name="Failures">Consecutive failed attempts at this tick, for the retry back-off.</param>
public sealed record ReminderEntry(
    GrainId Grain,
    string Name,
    DateTimeOffset FirstDue,
    TimeSpan? Period,
    DateTimeOffset TickDue,
    long Version,
    int Failures);

/// <summary>What happens to a reminder after a tick.</summary>
/// <param name="TickDue">The tick to fire next (the same one after a failure); null when a one-shot reminder is done.</param>
/// <param name="AttemptAt">When to fire it.</param>
/// <param name="Failures">Consecutive failures so far (0 after a success).</param>
public sealed record ReminderOutcome(DateTimeOffset? TickDue, DateTimeOffset AttemptAt, int Failures)
{
    public bool Done => TickDue is null;
}
