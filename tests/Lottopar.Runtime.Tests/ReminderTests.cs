using Lottopar.Runtime.Tests.Grains;
using Lottopar.Runtime.Tests.Infrastructure;
using Lottopar.Testing;
using Xunit;

namespace Lottopar.Runtime.Tests;

/// <summary>
/// Durable reminders on a clock the test moves. Each test has a database of its own: a silo
/// fires every due reminder it finds, and each test's clock is its own.
/// </summary>
public sealed class ReminderTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    private static string NewKey() => Guid.NewGuid().ToString("N");

    private static Task<IReadOnlyList<AlarmTick>> TicksAsync(TestSilo silo, string key) => silo.Grains.GetGrain<IAlarmGrain>(key).GetTicksAsync();

    private static Task<long> ReminderRowsAsync(TestDatabase database, string key) =>
        database.ScalarAsync<long>("select count(*) from grain_reminders where grain_key = $1", key);

    [Fact]
    public async Task OneShotReminderFiresOnceWhenDueAndIsThenRemoved()
    {
        var database = await TestDatabase.CreateAsync("reminders");
        var clock = new ManualClock(Start);
        await using var silo = await TestSilo.StartAsync(database, clock: clock);
        var key = NewKey();
        await silo.Grains.GetGrain<IAlarmGrain>(key).ScheduleAsync("close-turn", TimeSpan.FromMinutes(10), period: null);

        clock.Advance(TimeSpan.FromMinutes(9));
        await Task.Delay(200);
        Assert.Empty(await TicksAsync(silo, key));

        clock.Advance(TimeSpan.FromMinutes(2));
        var ticks = await Eventually.HoldsAsync(() => TicksAsync(silo, key), t => t.Count == 1, "the reminder fires");
        await Eventually.HoldsAsync(() => ReminderRowsAsync(database, key), n => n == 0, "the fired one-shot reminder is removed");
        await Task.Delay(200);

        Assert.Equal(new AlarmTick("close-turn", Start.AddMinutes(10), 0), Assert.Single(await TicksAsync(silo, key)));
        Assert.Equal(ticks, await TicksAsync(silo, key));
    }

    [Fact]
    public async Task PeriodicReminderTicksOnItsGrid()
    {
        var database = await TestDatabase.CreateAsync("reminders");
        var clock = new ManualClock(Start);
        await using var silo = await TestSilo.StartAsync(database, clock: clock);
        var key = NewKey();
        await silo.Grains.GetGrain<IAlarmGrain>(key).ScheduleAsync("hourly", TimeSpan.FromHours(1), TimeSpan.FromHours(1));

        clock.Advance(TimeSpan.FromMinutes(61));
        await Eventually.HoldsAsync(() => TicksAsync(silo, key), t => t.Count == 1, "the first tick");
        clock.Advance(TimeSpan.FromMinutes(60));
        var ticks = await Eventually.HoldsAsync(() => TicksAsync(silo, key), t => t.Count == 2, "the second tick");

        Assert.Equal([Start.AddHours(1), Start.AddHours(2)], ticks.Select(t => t.DueAt));
        Assert.All(ticks, t => Assert.Equal(0, t.MissedTicks));
    }

    [Fact]
    public async Task ReminderFiresAfterARestartOnceReportingTheTicksItMissed()
    {
        var database = await TestDatabase.CreateAsync("reminders");
        var clock = new ManualClock(Start);
        var key = NewKey();
        await using (var first = await TestSilo.StartAsync(database, clock: clock))
        {
            await first.Grains.GetGrain<IAlarmGrain>(key).ScheduleAsync("vault-check", TimeSpan.FromHours(1), TimeSpan.FromHours(1));
        }

        // Down from 12:00 to 17:30: ticks at 13:00 .. 17:00 were due; one fires, four are reported missed.
        clock.Advance(TimeSpan.FromHours(5.5));
        await using var second = await TestSilo.StartAsync(database, clock: clock);
        await Eventually.HoldsAsync(() => TicksAsync(second, key), t => t.Count == 1, "the overdue reminder fires once");
        await Task.Delay(200);
        Assert.Equal(new AlarmTick("vault-check", Start.AddHours(1), 4), Assert.Single(await TicksAsync(second, key)));

        clock.Advance(TimeSpan.FromMinutes(31));
        var ticks = await Eventually.HoldsAsync(() => TicksAsync(second, key), t => t.Count == 2, "the next tick keeps the original grid");
        Assert.Equal(new AlarmTick("vault-check", Start.AddHours(6), 0), ticks[1]);
    }

    [Fact]
    public async Task UnregisteredReminderNeverFires()
    {
        var database = await TestDatabase.CreateAsync("reminders");
        var clock = new ManualClock(Start);
        await using var silo = await TestSilo.StartAsync(database, clock: clock);
        var key = NewKey();
        var alarm = silo.Grains.GetGrain<IAlarmGrain>(key);
        await alarm.ScheduleAsync("license-expiry", TimeSpan.FromMinutes(5), period: null);

        Assert.True(await alarm.CancelAsync("license-expiry"));
        Assert.False(await alarm.CancelAsync("license-expiry"));
        clock.Advance(TimeSpan.FromMinutes(10));
        await Task.Delay(300);

        Assert.Empty(await TicksAsync(silo, key));
        Assert.Equal(0, await ReminderRowsAsync(database, key));
    }

    [Fact]
    public async Task TwoSilosPollingTogetherFireEachTickOnceAndNeverAtTheSameTime()
    {
        var database = await TestDatabase.CreateAsync("reminders");
        var clock = new ManualClock(Start);
        Action<ActorRuntimeOptions> retryFast = o => o.ReminderRetryDelay = TimeSpan.FromSeconds(1);
        await using var siloA = await TestSilo.StartAsync(database, clock: clock, options: retryFast);
        await using var siloB = await TestSilo.StartAsync(database, clock: clock, options: retryFast);
        var keys = Enumerable.Range(0, 10).Select(_ => NewKey()).ToList();
        foreach (var key in keys)
        {
            await siloA.Grains.GetGrain<IAlarmGrain>(key).MisbehaveAsync(failures: 0, tickDuration: TimeSpan.FromMilliseconds(300));
            await siloA.Grains.GetGrain<IAlarmGrain>(key).ScheduleAsync("tick", TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        }

        // Until clustering gives one activation per grain, both silos may hold one: a tick fired by
        // the stale one fails its versioned write, records nothing, and is retried a second later.
        async Task<int[]> TickCountsAsync()
        {
            var states = await Task.WhenAll(keys.Select(key => database.ScalarAsync<string>(
                "select state::text from grain_state where grain_type = 'alarm' and grain_key = $1", key)));
            return [.. states.Select(state => state is null ? 0 : state.Split("\"name\"").Length - 1)];
        }

        for (var minute = 1; minute <= 3; minute++)
        {
            clock.Advance(TimeSpan.FromMinutes(1));
            var nudges = 0;
            await Eventually.HoldsAsync(
                async () =>
                {
                    if (nudges++ % 5 == 4 && nudges < 100)
                    {
                        clock.Advance(TimeSpan.FromSeconds(1));
                    }

                    return await TickCountsAsync();
                },
                counts => counts.All(c => c >= minute),
                $"every alarm has ticked {minute} times");
        }

        await Task.Delay(500);
        Assert.All(await TickCountsAsync(), count => Assert.Equal(3, count));
        Assert.DoesNotContain("overlap", siloA.Services.GetProbe().Entries.Concat(siloB.Services.GetProbe().Entries));
    }

    [Fact]
    public async Task FailedTickIsRetriedWithAGrowingDelay()
    {
        var database = await TestDatabase.CreateAsync("reminders");
        var clock = new ManualClock(Start);
        await using var silo = await TestSilo.StartAsync(database, clock: clock, options: o => o.ReminderRetryDelay = TimeSpan.FromSeconds(10));
        var key = NewKey();
        var alarm = silo.Grains.GetGrain<IAlarmGrain>(key);
        await alarm.MisbehaveAsync(failures: 2, tickDuration: TimeSpan.Zero);
        await alarm.ScheduleAsync("retry-me", TimeSpan.FromMinutes(1), period: null);

        clock.Advance(TimeSpan.FromMinutes(1));
        await Eventually.HoldsAsync(() => database.ScalarAsync<int>("select failures from grain_reminders where grain_key = $1", key), f => f == 1, "the first failure");
        clock.Advance(TimeSpan.FromSeconds(10));
        await Eventually.HoldsAsync(() => database.ScalarAsync<int>("select failures from grain_reminders where grain_key = $1", key), f => f == 2, "the second failure");
        Assert.Equal(Start.AddMinutes(1).AddSeconds(30).UtcDateTime, await database.ScalarAsync<DateTime>(
            "select next_due_at from grain_reminders where grain_key = $1", key));

        clock.Advance(TimeSpan.FromSeconds(20));
        await Eventually.HoldsAsync(() => TicksAsync(silo, key), t => t.Count == 1, "the third attempt succeeds");
        // The tick is counted once the grain's call has returned, a moment after its state changed.
        var metrics = await Eventually.HoldsAsync(
            () => Task.FromResult(silo.Metrics().GrainTypes.Single(t => t.GrainType == "alarm")), m => m.ReminderTicks == 3, "the ticks are counted");
        Assert.Equal((3, 2), (metrics.ReminderTicks, metrics.ReminderErrors));
    }

    [Fact]
    public async Task ReminderPeriodBelowTheMinimumIsRefused()
    {
        await using var silo = await TestSilo.StartAsync(await TestDatabase.SharedAsync(), options: o => o.ReminderMinimumPeriod = TimeSpan.FromMinutes(1));

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => silo.Grains.GetGrain<IAlarmGrain>(NewKey()).ScheduleAsync("too-often", TimeSpan.Zero, TimeSpan.FromSeconds(5)));

        Assert.Equal("period", error.ParamName);
    }
}
