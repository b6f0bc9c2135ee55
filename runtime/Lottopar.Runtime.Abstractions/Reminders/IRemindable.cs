namespace Lottopar.Runtime.Reminders;

/// <summary>
/// Implemented by grains that register reminders. Reminders are stored in PostgreSQL, survive
/// restarts and fire on one silo at a time; a tick is a call like any other (turn-based).
/// </summary>
public interface IRemindable
{
    /// <summary>
    /// A reminder is due. After downtime a periodic reminder fires once, with
    /// <see cref="TickStatus.MissedTicks"/> saying how many ticks were skipped.
    /// </summary>
    Task ReceiveReminder(string reminderName, TickStatus status);
}

/// <param name="FirstTickTime">When the reminder was first due.</param>
/// <param name="Period">Its period; null for a one-shot reminder.</param>
/// <param name="CurrentTickTime">When this tick was due (not when it ran).</param>
/// <param name="MissedTicks">Ticks that fell due while no silo could fire them, skipped in favour of this one.</param>
public sealed record TickStatus(DateTimeOffset FirstTickTime, TimeSpan? Period, DateTimeOffset CurrentTickTime, long MissedTicks);
