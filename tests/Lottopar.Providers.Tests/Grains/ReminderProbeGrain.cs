namespace Lottopar.Providers.Tests.Grains;

public sealed class ReminderProbeGrain : Grain, IReminderProbeGrain, IRemindable
{
    private readonly Dictionary<string, int> _ticks = [];

    public Task RegisterAsync(string reminderName, TimeSpan dueTime, TimeSpan period) =>
        this.RegisterOrUpdateReminder(reminderName, dueTime, period);

    public async Task UnregisterAsync(string reminderName)
    {
        var reminder = await this.GetReminder(reminderName)
            ?? throw new InvalidOperationException($"{this.GetGrainId()} has no reminder {reminderName}.");
        await this.UnregisterReminder(reminder);
    }

    public Task<int> CountTicksAsync(string reminderName) => Task.FromResult(_ticks.GetValueOrDefault(reminderName));

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        _ticks[reminderName] = _ticks.GetValueOrDefault(reminderName) + 1;
        return Task.CompletedTask;
    }
}
