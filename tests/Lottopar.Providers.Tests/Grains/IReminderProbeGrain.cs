namespace Lottopar.Providers.Tests.Grains;

/// <summary>A grain that registers Orleans reminders on request and counts their ticks.</summary>
public interface IReminderProbeGrain : IGrainWithStringKey
{
    /// <summary>Registers the reminder, or re-registers it with a new due time and period.</summary>
    Task RegisterAsync(string reminderName, TimeSpan dueTime, TimeSpan period);

    /// <summary>Unregisters the reminder; fails when there is none by that name.</summary>
    Task UnregisterAsync(string reminderName);

    /// <summary>How many ticks of the reminder this activation received.</summary>
    Task<int> CountTicksAsync(string reminderName);
}
