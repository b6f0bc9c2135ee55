using Orleans;

namespace Lottopar.Grains.Common;

/// <summary>How one-shot reminders are paced (configuration section <c>Lottopar:Reminders</c>).</summary>
public sealed class OneShotReminderOptions
{
    public const string Section = "Lottopar:Reminders";

    /// <summary>
    /// Once due, the reminder ticks this often until its effect commits. Orleans refuses periods
    /// under its <c>ReminderOptions.MinimumReminderPeriod</c> (one minute); a shorter period here
    /// lowers that minimum to it (tests that move a clock by hand).
    /// </summary>
    public TimeSpan Period { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The longest wait handed to Orleans at once; a later instant is reached in several sleeps.</summary>
    public TimeSpan LongestSleep { get; set; } = TimeSpan.FromDays(7);
}

/// <summary>
/// One-shot reminders on Orleans, which has only periodic ones and skips missed ticks. A one-shot
/// is a reminder due at its instant (read on the grain's clock) with a short period: every tick
/// before the instant puts it back to sleep, the first tick at or after it runs the grain's effect,
/// and only after that effect has committed is the reminder removed. So a tick lost to a crash or a
/// failover comes again one period later, and the handler must be idempotent. Instants further
/// away than <see cref="OneShotReminderOptions.LongestSleep"/> are reached in several sleeps.
/// </summary>
public sealed class OneShotReminders(Grain grain, TimeProvider clock, OneShotReminderOptions options)
{
    /// <summary>Schedules (or moves) the reminder <paramref name="name"/> to fire at <paramref name="at"/>.</summary>
    public Task ScheduleAsync(string name, DateTimeOffset at) =>
        grain.RegisterOrUpdateReminder(name, SleepUntil(at), options.Period);

    /// <summary>
    /// Called on each tick: true when <paramref name="at"/> has come (run the effect, then
    /// <see cref="DoneAsync"/>); false when it has not, after putting the reminder back to sleep if
    /// the instant is further than one period away.
    /// </summary>
    public async Task<bool> IsDueAsync(string name, DateTimeOffset at)
    {
        var left = at - clock.GetUtcNow();
        if (left <= TimeSpan.Zero)
        {
            return true;
        }

        if (left > options.Period)
        {
            await ScheduleAsync(name, at);
        }

        return false;
    }

    /// <summary>Removes the reminder (after its effect committed, or when it is no longer wanted).</summary>
    public async Task DoneAsync(string name)
    {
        if (await grain.GetReminder(name) is { } reminder)
        {
            await grain.UnregisterReminder(reminder);
        }
    }

    private TimeSpan SleepUntil(DateTimeOffset at)
    {
        var left = at - clock.GetUtcNow();
        return left <= TimeSpan.Zero ? TimeSpan.Zero : left < options.LongestSleep ? left : options.LongestSleep;
    }
}
