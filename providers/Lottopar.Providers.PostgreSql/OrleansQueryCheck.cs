using Npgsql;

namespace Lottopar.Providers.PostgreSql;

/// <summary>
/// Orleans' ADO.NET clustering and reminder providers take every statement they run from the
/// OrleansQuery table, by key, and only notice a missing key once Orleans is already starting,
/// with a terse "Not all required queries found". The silo runs this check after migrating and
/// before Orleans starts, so a database without the queries is refused up front, naming each
/// missing key and the remedy.
/// </summary>
public static class OrleansQueryCheck
{
    /// <summary>
    /// The keys Microsoft.Orleans.Clustering.AdoNet 10.4.2 demands (its DbStoredQueries); a test
    /// compares this list with the provider's assembly, so an Orleans upgrade that changes it fails.
    /// </summary>
    public static IReadOnlyList<string> ClusteringKeys { get; } =
    [
        "InsertMembershipVersionKey",
        "InsertMembershipKey",
        "UpdateMembershipKey",
        "UpdateIAmAlivetimeKey",
        "MembershipReadRowKey",
        "MembershipReadAllKey",
        "DeleteMembershipTableEntriesKey",
        "GatewaysQueryKey",
        "CleanupDefunctSiloEntriesKey",
    ];

    /// <summary>The keys Microsoft.Orleans.Reminders.AdoNet 10.4.2 demands, checked the same way.</summary>
    public static IReadOnlyList<string> ReminderKeys { get; } =
    [
        "UpsertReminderRowKey",
        "ReadReminderRowsKey",
        "ReadReminderRowKey",
        "ReadRangeRows1Key",
        "ReadRangeRows2Key",
        "DeleteReminderRowKey",
        "DeleteReminderRowsKey",
    ];

    /// <summary>
    /// Throws <see cref="InvalidOperationException"/> naming every clustering or reminder key that
    /// OrleansQuery lacks (or holds with an empty text); returns quietly when all are there.
    /// </summary>
    public static async Task EnsureAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        var present = await ReadKeysAsync(dataSource, cancellationToken);
        var missing = ClusteringKeys.Concat(ReminderKeys).Where(key => !present.Contains(key)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"The database lacks {missing.Count} of the queries Orleans' ADO.NET clustering and reminder providers read " +
                $"from the OrleansQuery table: {string.Join(", ", missing)}. Run the silo's migrate command against this " +
                "database (it applies deploy/sql/0011_orleans_clustering_reminders.sql), then start the silo again.");
        }
    }

    // The providers look keys up in a case-sensitive dictionary, so the comparison here is ordinal too.
    private static async Task<HashSet<string>> ReadKeysAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            await using var command = dataSource.CreateCommand(
                "select QueryKey from OrleansQuery where btrim(QueryText) <> ''");
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                keys.Add(reader.GetString(0));
            }
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            // No OrleansQuery table at all: every key is missing, and the message says so.
        }

        return keys;
    }
}
