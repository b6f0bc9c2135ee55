using Lottopar.Runtime.Streams;
using Npgsql;
using NpgsqlTypes;

namespace Lottopar.Runtime.Storage;

/// <summary>
/// Grain state in <c>grain_state</c>, events in <c>stream_events</c>. A write with events is one
/// SQL statement (data-modifying CTEs): the events are inserted only if the versioned state
/// write matched, and both commit in the same transaction, in one round trip.
/// </summary>
public sealed class PostgresGrainStorage(NpgsqlDataSource dataSource) : IGrainStorage
{
    private const string ReadSql = """
        select state::text, version from grain_state where grain_type = $1 and grain_key = $2
        """;

    private const string InsertStateSql = """
        insert into grain_state (grain_type, grain_key, version, state, updated_at)
        values ($1, $2, 1, $3, $4)
        on conflict (grain_type, grain_key) do nothing
        returning version
        """;

    private const string UpdateStateSql = """
        update grain_state set state = $3, version = version + 1, updated_at = $4
        where grain_type = $1 and grain_key = $2 and version = $5
        returning version
        """;

    private const string EventColumns =
        "insert into stream_events (partition, stream_namespace, stream_key, event_type, payload, published_at, publisher_type, publisher_key)";

    private static readonly string InsertStateWithEventsSql = WithEvents(InsertStateSql, firstArray: 5);
    private static readonly string UpdateStateWithEventsSql = WithEvents(UpdateStateSql, firstArray: 6);
    private static readonly string AppendEventsSql = $"{EventColumns} {EventsSelect(firstArray: 3)} order by e.n";

    /// <summary>
    /// The state write, then the events inserted only if it wrote a row. Parameters $1 and $2 (grain
    /// type and key) are the publisher; the six event columns are arrays from $firstArray on.
    /// </summary>
    private static string WithEvents(string stateWrite, int firstArray) => $"""
        with written as ({stateWrite}),
             published as ({EventColumns} {EventsSelect(firstArray)} where exists (select 1 from written) order by e.n)
        select version from written
        """;

    // "with ordinality" numbers the events so the row ids follow the publishing order.
    private static string EventsSelect(int firstArray)
    {
        var p = Enumerable.Range(firstArray, 6).Select(i => $"${i}").ToArray();
        return $"""
            select e.partition, e.stream_namespace, e.stream_key, e.event_type, e.payload, e.published_at, $1, $2
            from unnest({p[0]}::smallint[], {p[1]}::text[], {p[2]}::text[], {p[3]}::text[], {p[4]}::jsonb[], {p[5]}::timestamptz[])
                 with ordinality as e(partition, stream_namespace, stream_key, event_type, payload, published_at, n)
            """;
    }

    public async Task<StoredGrainState?> ReadAsync(GrainId grain, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(ReadSql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = grain.Type });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = grain.Key });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return new StoredGrainState(reader.IsDBNull(0) ? null : reader.GetString(0), reader.GetInt64(1));
    }

    public async Task<long?> TryWriteAsync(
        GrainId grain,
        string? stateJson,
        long expectedVersion,
        IReadOnlyList<OutboundStreamEvent> events,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var firstWrite = expectedVersion == 0;
        var sql = (firstWrite, events.Count > 0) switch
        {
            (true, false) => InsertStateSql,
            (false, false) => UpdateStateSql,
            (true, true) => InsertStateWithEventsSql,
            (false, true) => UpdateStateWithEventsSql,
        };

        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = grain.Type });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = grain.Key });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)stateJson ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Jsonb });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
        if (!firstWrite)
        {
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = expectedVersion });
        }

        if (events.Count > 0)
        {
            AddEventParameters(command, events);
        }

        var result = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return result is long version ? version : null;
    }

    public async Task AppendEventsAsync(IReadOnlyList<OutboundStreamEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
        {
            return;
        }

        await using var command = dataSource.CreateCommand(AppendEventsSql);
        var publisher = events[0].Publisher;
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = publisher.Type });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = publisher.Key });
        AddEventParameters(command, events);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void AddEventParameters(NpgsqlCommand command, IReadOnlyList<OutboundStreamEvent> events)
    {
        command.Parameters.Add(new NpgsqlParameter<short[]> { TypedValue = [.. events.Select(e => (short)e.Partition)] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. events.Select(e => e.Stream.Namespace)] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. events.Select(e => e.Stream.Key)] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. events.Select(e => e.EventType)] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. events.Select(e => e.Payload)], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]> { TypedValue = [.. events.Select(e => e.PublishedAt)] });
    }
}
