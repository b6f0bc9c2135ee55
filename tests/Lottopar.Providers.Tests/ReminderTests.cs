using Lottopar.Providers.PostgreSql;
using Lottopar.Providers.Tests.Grains;
using Lottopar.Providers.Tests.Infrastructure;
using Lottopar.Testing;
using Xunit;

namespace Lottopar.Providers.Tests;

/// <summary>
/// Orleans' own ADO.NET reminder provider (10.4.2) on our orleans_reminders table, driven by a
/// grain on a real silo.
/// </summary>
public sealed class ReminderTests
{
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    [Fact]
    public async Task Registering_writes_a_row_re_registering_versions_it_and_unregistering_deletes_it()
    {
        var database = await TestDatabase.CreateAsync("reminders");
        var serviceId = $"service-{Guid.NewGuid():N}";
        await using var silo = await StartAsync(database, serviceId);
        var grain = silo.Grains.GetGrain<IReminderProbeGrain>(Guid.NewGuid().ToString());
        var grainId = grain.GetGrainId();

        var registeredAt = DateTime.UtcNow;
        await grain.RegisterAsync("daily", TimeSpan.FromHours(1), Day);
        var row = Assert.Single(await ReminderTable.ReadAsync(database, serviceId));
        Assert.Equal((grainId.ToString(), "daily", (long)Day.TotalMilliseconds, unchecked((int)grainId.GetUniformHashCode()), 0),
            (row.GrainId, row.ReminderName, row.PeriodMilliseconds, row.GrainHash, row.Version));
        Assert.InRange(row.StartTime, registeredAt.AddHours(1).AddSeconds(-5), registeredAt.AddHours(1).AddSeconds(5));

        // A period past int.MaxValue milliseconds: the provider binds it as a bigint, not an int.
        await grain.RegisterAsync("daily", TimeSpan.FromHours(2), 30 * Day);
        row = Assert.Single(await ReminderTable.ReadAsync(database, serviceId));
        Assert.Equal(((long)(30 * Day).TotalMilliseconds, 1), (row.PeriodMilliseconds, row.Version));

        await grain.UnregisterAsync("daily");
        Assert.Empty(await ReminderTable.ReadAsync(database, serviceId));
    }

    [Fact]
    public async Task A_reminder_another_silo_wrote_ticks_once_the_range_read_finds_it()
    {
        var database = await TestDatabase.CreateAsync("reminder_tick");
        var serviceId = $"service-{Guid.NewGuid():N}";
        await using var silo = await StartAsync(database, serviceId, refreshEvery: TimeSpan.FromSeconds(1));
        var grain = silo.Grains.GetGrain<IReminderProbeGrain>(Guid.NewGuid().ToString());
        var grainId = grain.GetGrainId();

        // Written behind the silo's back, as another silo would: this silo learns of it only from
        // its periodic read of its ring ranges through the provider (a lone silo owns the whole
        // ring, which the provider reads with ReadRangeRows2Key).
        // The period is under Orleans' one-minute minimum, which binds registrations only; it keeps
        // the next tick near even if the silo reads the row after the first one was due.
        await ReminderTable.InsertAsync(database, serviceId, new ReminderRow(
            grainId.ToString(), "soon", DateTime.UtcNow.AddSeconds(1), PeriodMilliseconds: 2_000,
            unchecked((int)grainId.GetUniformHashCode()), Version: 0));

        await Eventually.HoldsAsync(() => grain.CountTicksAsync("soon"), ticks => ticks >= 1, "the stored reminder ticks");
    }

    private static Task<TestSilo> StartAsync(TestDatabase database, string serviceId, TimeSpan? refreshEvery = null) =>
        TestSilo.StartAsync(database, serviceId, "reminders", silo => silo
            .UseAdoNetReminderService(options =>
            {
                options.Invariant = ProviderNames.NpgsqlInvariant;
                options.ConnectionString = TestSilo.ConnectionString(database);
            })
            .Configure<ReminderOptions>(options => options.RefreshReminderListPeriod = refreshEvery ?? options.RefreshReminderListPeriod));
}
