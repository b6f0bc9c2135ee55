using Npgsql;

namespace Lottopar.Providers.PostgreSql.Storage;

/// <summary>
/// Reads a grain's stored state row as it is, without activating the grain: the grain-state
/// inspector's source. The storage provider owns <c>grain_state</c>; this is its one read from outside.
/// </summary>
public sealed class GrainStateRows(NpgsqlDataSource dataSource)
{
    private const string ReadSql = """
        select state::text, version, updated_at from grain_state where grain_type = $1 and grain_key = $2
        """;

    /// <returns>The row, or null when the grain never wrote state.</returns>
    public async Task<GrainStateRow?> ReadAsync(string grainType, string grainKey, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(ReadSql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = grainType });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = grainKey });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return new GrainStateRow(reader.IsDBNull(0) ? null : reader.GetString(0), reader.GetInt64(1), reader.GetFieldValue<DateTimeOffset>(2));
    }
}

/// <param name="Json">The state, or null when it was cleared.</param>
public sealed record GrainStateRow(string? Json, long Version, DateTimeOffset UpdatedAt);
