using System.Collections.Concurrent;
using Lottopar.Runtime.Reminders;
using Lottopar.Runtime.Tests.Infrastructure;

namespace Lottopar.Runtime.Tests.Grains;

public interface IAlarmGrain : IGrainWithStringKey
{
    Task ScheduleAsync(string name, TimeSpan dueTime, TimeSpan? period);

    Task<bool> CancelAsync(string name);

    Task<IReadOnlyList<AlarmTick>> GetTicksAsync();

    /// <summary>Makes the next ticks fail (count) or take long (delay).</summary>
    Task MisbehaveAsync(int failures, TimeSpan tickDuration);
}

public sealed record AlarmTick(string Name, DateTimeOffset DueAt, long MissedTicks);

public sealed class AlarmState
{
    public List<AlarmTick> Ticks { get; set; } = [];

    public int FailuresToCome { get; set; }

    public TimeSpan TickDuration { get; set; }
}

/// <summary>Records every reminder tick in its state, so ticks are counted across silos and restarts.</summary>
public sealed class AlarmGrain(ProbeLog probe) : Grain<AlarmState>, IAlarmGrain, IRemindable
{
    // Ticks of one grain running at this moment, across every silo of the test process.
    private static readonly ConcurrentDictionary<string, int> Running = new();

    public Task ScheduleAsync(string name, TimeSpan dueTime, TimeSpan? period) => RegisterOrUpdateReminderAsync(name, dueTime, period);

    public Task<bool> CancelAsync(string name) => UnregisterReminderAsync(name);

    public Task<IReadOnlyList<AlarmTick>> GetTicksAsync() => Task.FromResult<IReadOnlyList<AlarmTick>>([.. State.Ticks]);

    public async Task MisbehaveAsync(int failures, TimeSpan tickDuration)
    {
        State.FailuresToCome = failures;
        State.TickDuration = tickDuration;
        await WriteStateAsync();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (Running.AddOrUpdate(GetPrimaryKeyString(), 1, (_, n) => n + 1) > 1)
        {
            probe.Add("overlap");
        }

        try
        {
            await Task.Delay(State.TickDuration);
            if (State.FailuresToCome > 0)
            {
                State.FailuresToCome--;
                await WriteStateAsync();
                throw new InvalidOperationException("tick failed on purpose");
            }

            State.Ticks.Add(new AlarmTick(reminderName, status.CurrentTickTime, status.MissedTicks));
            await WriteStateAsync();
        }
        finally
        {
            Running.AddOrUpdate(GetPrimaryKeyString(), 0, (_, n) => n - 1);
        }
    }
}
