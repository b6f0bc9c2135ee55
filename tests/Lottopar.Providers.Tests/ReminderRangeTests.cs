using Lottopar.Providers.Tests.Infrastructure;
using Lottopar.Testing;
using Xunit;

namespace Lottopar.Providers.Tests;

/// <summary>
/// The reminder range reads, run as the provider runs them: a silo owns ranges (begin, end] of the
/// uint hash ring; the provider binds both ends cast to int and picks ReadRangeRows1Key when
/// (int)begin &lt; (int)end, ReadRangeRows2Key otherwise.
/// </summary>
public sealed class ReminderRangeTests
{
    private static readonly uint[] Hashes =
        [0u, 0x10u, 0x11u, 100u, 150u, 200u, 250u, 0x7FFFFFF0u, 0x7FFFFFFFu, 0x80000000u, 0x80000010u, 0x80000011u, 0xFFFFFFF0u, 0xFFFFFFFFu];

    [Theory]
    [InlineData(100u, 200u, "ReadRangeRows1Key")]
    [InlineData(0xFFFFFFF0u, 0x10u, "ReadRangeRows1Key")] // wraps the uint ring, not the int one
    [InlineData(0x7FFFFFF0u, 0x80000010u, "ReadRangeRows2Key")] // wraps the int range, not the uint ring
    [InlineData(200u, 100u, "ReadRangeRows2Key")] // wraps both: all but (100, 200]
    [InlineData(0x80000000u, 0x80000000u, "ReadRangeRows2Key")] // the whole ring
    public async Task A_range_read_returns_exactly_the_reminders_of_the_range(uint begin, uint end, string expectedKey)
    {
        var database = await TestDatabase.CreateAsync("reminder_range");
        var serviceId = $"service-{Guid.NewGuid():N}";
        foreach (var hash in Hashes)
        {
            await ReminderTable.InsertAsync(database, serviceId, Row(hash));
            await ReminderTable.InsertAsync(database, $"other-{serviceId}", Row(hash));
        }

        var key = unchecked((int)begin) < unchecked((int)end) ? "ReadRangeRows1Key" : "ReadRangeRows2Key";
        Assert.Equal(expectedKey, key);
        var found = await ReadRangeAsync(database, key, serviceId, begin, end);

        var expected = Hashes.Where(hash => InRange(hash, begin, end)).Select(hash => Row(hash).GrainId).Order();
        Assert.Equal(expected, found.Order());
    }

    // (begin, end] on the ring; begin >= end wraps past the top (begin == end is the whole ring).
    private static bool InRange(uint hash, uint begin, uint end) =>
        begin < end ? hash > begin && hash <= end : hash > begin || hash <= end;

    private static ReminderRow Row(uint hash) =>
        new($"reminderprobe/{hash:x8}", "r", DateTime.UtcNow, 60_000, unchecked((int)hash), 0);

    private static async Task<List<string>> ReadRangeAsync(TestDatabase database, string key, string serviceId, uint begin, uint end)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var command = await OrleansQueryText.CommandAsync(connection, key,
            ("ServiceId", serviceId), ("BeginHash", unchecked((int)begin)), ("EndHash", unchecked((int)end)));
        await using var reader = await command.ExecuteReaderAsync();
        var grainIds = new List<string>();
        while (await reader.ReadAsync())
        {
            // The provider reads these columns by name.
            grainIds.Add(reader.GetString(reader.GetOrdinal("GrainId")));
            _ = (reader.GetString(reader.GetOrdinal("ReminderName")), reader.GetDateTime(reader.GetOrdinal("StartTime")),
                reader.GetInt64(reader.GetOrdinal("Period")), reader.GetInt32(reader.GetOrdinal("Version")));
        }

        return grainIds;
    }
}
