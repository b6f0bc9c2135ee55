using Lottopar.Testing;

namespace Lottopar.Providers.Tests.Infrastructure;

/// <summary>A row of orleans_reminders as the tests inspect it.</summary>
public sealed record ReminderRow(
    string GrainId, string ReminderName, DateTime StartTime, long PeriodMilliseconds, int GrainHash, int Version);

/// <summary>Reads and writes our reminder table directly, beside Orleans' provider.</summary>
public static class ReminderTable
{
    public static async Task<IReadOnlyList<ReminderRow>> ReadAsync(TestDatabase database, string serviceId)
    {
        await using var command = database.DataSource.CreateCommand(
            """
            select grain_id, reminder_name, start_time, period, grain_hash, version
            from orleans_reminders where service_id = $1 order by grain_id, reminder_name
            """);
        command.Parameters.Add(new() { Value = serviceId });
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<ReminderRow>();
        while (await reader.ReadAsync())
        {
            rows.Add(new ReminderRow(
                reader.GetString(0), reader.GetString(1), reader.GetDateTime(2), reader.GetInt64(3), reader.GetInt32(4), reader.GetInt32(5)));
        }

        return rows;
    }

    /// <summary>Writes a reminder row as if a silo had registered it earlier.</summary>
    public static async Task InsertAsync(TestDatabase database, string serviceId, ReminderRow row)
    {
        await using var command = database.DataSource.CreateCommand(
            """
            insert into orleans_reminders (service_id, grain_id, reminder_name, start_time, period, grain_hash, version)
            values ($1, $2, $3, $4, $5, $6, $7)
            """);
        foreach (var value in new object[] { serviceId, row.GrainId, row.ReminderName, row.StartTime, row.PeriodMilliseconds, row.GrainHash, row.Version })
        {
            command.Parameters.Add(new() { Value = value });
        }

        await command.ExecuteNonQueryAsync();
    }
}
