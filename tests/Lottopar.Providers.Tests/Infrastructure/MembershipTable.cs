using Lottopar.Testing;

namespace Lottopar.Providers.Tests.Infrastructure;

/// <summary>A row of orleans_membership as the tests inspect it.</summary>
public sealed record MembershipRow(
    string Address, int Port, int Generation, string SiloName, int Status, int? ProxyPort,
    string? SuspectTimes, DateTime StartTime, DateTime IAmAliveTime);

/// <summary>Reads our membership tables directly, to see what Orleans' provider wrote.</summary>
public static class MembershipTable
{
    /// <summary>Values of Orleans' SiloStatus as the provider stores them.</summary>
    public const int Active = 3;
    public const int Dead = 6;

    public static async Task<IReadOnlyList<MembershipRow>> ReadAsync(TestDatabase database, string clusterId)
    {
        await using var command = database.DataSource.CreateCommand(
            """
            select address, port, generation, silo_name, status, proxy_port, suspect_times, start_time, i_am_alive_time
            from orleans_membership where deployment_id = $1 order by port
            """);
        command.Parameters.Add(new() { Value = clusterId });
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<MembershipRow>();
        while (await reader.ReadAsync())
        {
            rows.Add(new MembershipRow(
                reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetString(3), reader.GetInt32(4),
                reader.IsDBNull(5) ? null : reader.GetInt32(5), reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.GetDateTime(7), reader.GetDateTime(8)));
        }

        return rows;
    }

    public static async Task<int> VersionAsync(TestDatabase database, string clusterId) =>
        await database.ScalarAsync<int>("select version from orleans_membership_version where deployment_id = $1", clusterId);
}
