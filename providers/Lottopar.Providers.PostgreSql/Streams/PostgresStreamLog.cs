using Npgsql;

namespace Lottopar.Providers.PostgreSql.Streams;

/// <summary>
/// The stream log in <c>stream_events</c>. Each row carries the id of the transaction that wrote
/// it. A reader only takes rows whose transaction is older than every transaction still running
/// (the snapshot's xmin): no row can later appear before them, so a checkpoint never skips an
/// event committed late by a slower writer. Rows are delivered by (transaction id, row id).
/// A namespace whose archive keeps the payloads is read with each payload fetched from the archive
/// (<see cref="ArchivedPayload"/>).
/// </summary>
public sealed class PostgresStreamLog(NpgsqlDataSource dataSource, IEnumerable<StreamArchive> archives) : IStreamLog
{
    // The read of each namespace whose payloads an archive keeps.
    private readonly Dictionary<string, string> _archivedReads = archives
        .Where(a => a.KeepsPayload is not null)
        .ToDictionary(a => a.Namespace, a => ReadSql($"({a.KeepsPayload!.ResolveSql})::text"));

    private static string ReadSql(string payload) => $"""
        select s.tx_id, s.id, s.stream_key, s.event_type, {payload}, s.published_at,
               pg_snapshot_xmin(pg_current_snapshot())::text::bigint as horizon
        from stream_events s
        where s.stream_namespace = $1 and s.partition = $2 and (s.tx_id, s.id) > ($3, $4)
        order by s.tx_id, s.id
        limit $5
        """;

    private static readonly string ReadLoggedSql = ReadSql("s.payload::text");

    private const string ReadCheckpointSql = """
        select tx_id, event_id from stream_checkpoints where subscription = $1 and partition = $2
        """;

    private const string SaveCheckpointSql = """
        insert into stream_checkpoints as c (subscription, partition, tx_id, event_id, updated_at)
        values ($1, $2, $3, $4, $5)
        on conflict (subscription, partition) do update
            set tx_id = excluded.tx_id, event_id = excluded.event_id, updated_at = excluded.updated_at
            where (c.tx_id, c.event_id) < (excluded.tx_id, excluded.event_id)
        """;

    private const string DeadLetterSql = """
        insert into stream_dead_letters (subscription, event_id, stream_namespace, stream_key, error, attempts, failed_at)
        values ($1, $2, $3, $4, $5, $6, $7)
        on conflict (subscription, event_id) do update
            set error = excluded.error, attempts = excluded.attempts, failed_at = excluded.failed_at
        """;

    public Task<StreamLogBatch> ReadAfterAsync(
        string streamNamespace, int partition, StreamPosition after, int maxCount, CancellationToken cancellationToken) =>
        ReadAfterAsync(connection: null, streamNamespace, partition, after, maxCount, cancellationToken);

    public Task<StreamLogBatch> ReadAfterAsync(
        PartitionLock owner, string streamNamespace, StreamPosition after, int maxCount, CancellationToken cancellationToken) =>
        ReadAfterAsync(owner.Connection, streamNamespace, owner.Partition, after, maxCount, cancellationToken);

    public Task<StreamPosition> ReadCheckpointAsync(string subscription, int partition, CancellationToken cancellationToken) =>
        ReadCheckpointAsync(connection: null, subscription, partition, cancellationToken);

    public Task<StreamPosition> ReadCheckpointAsync(PartitionLock owner, CancellationToken cancellationToken) =>
        ReadCheckpointAsync(owner.Connection, owner.Subscription, owner.Partition, cancellationToken);

    // On the owner's session when there is one (see IStreamLog), else on any connection of the pool.
    private NpgsqlCommand CommandOn(NpgsqlConnection? connection, string sql) =>
        connection is null ? dataSource.CreateCommand(sql) : new NpgsqlCommand(sql, connection);

    private async Task<StreamLogBatch> ReadAfterAsync(
        NpgsqlConnection? connection, string streamNamespace, int partition, StreamPosition after, int maxCount, CancellationToken cancellationToken)
    {
        await using var command = CommandOn(connection, _archivedReads.GetValueOrDefault(streamNamespace, ReadLoggedSql));
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = streamNamespace });
        command.Parameters.Add(new NpgsqlParameter<short> { TypedValue = (short)partition });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = after.TransactionId });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = after.EventId });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = maxCount });

        var events = new List<StoredStreamEvent>();
        var moreInFlight = false;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var transactionId = reader.GetInt64(0);
            if (transactionId >= reader.GetInt64(6))
            {
                // Rows are ordered by transaction id: everything from here on waits for older transactions.
                moreInFlight = true;
                break;
            }

            var position = new StreamPosition(transactionId, reader.GetInt64(1));
            if (reader.IsDBNull(4))
            {
                // The archive is written in the event's own statement: a miss is a broken archive, not a race.
                throw new InvalidDataException($"The archive of '{streamNamespace}' has no payload for event {position}.");
            }

            events.Add(new StoredStreamEvent(
                position,
                new StreamId(streamNamespace, reader.GetString(2)),
                reader.GetString(3),
                reader.GetString(4),
                reader.GetFieldValue<DateTimeOffset>(5)));
        }

        return new StreamLogBatch(events, moreInFlight);
    }

    private async Task<StreamPosition> ReadCheckpointAsync(NpgsqlConnection? connection, string subscription, int partition, CancellationToken cancellationToken)
    {
        await using var command = CommandOn(connection, ReadCheckpointSql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = subscription });
        command.Parameters.Add(new NpgsqlParameter<short> { TypedValue = (short)partition });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new StreamPosition(reader.GetInt64(0), reader.GetInt64(1))
            : StreamPosition.Start;
    }

    public async Task SaveCheckpointAsync(PartitionLock owner, StreamPosition position, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(SaveCheckpointSql, owner.Connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = owner.Subscription });
        command.Parameters.Add(new NpgsqlParameter<short> { TypedValue = (short)owner.Partition });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = position.TransactionId });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = position.EventId });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task DeadLetterAsync(
        string subscription, StoredStreamEvent streamEvent, string error, int attempts, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(DeadLetterSql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = subscription });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = streamEvent.Position.EventId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = streamEvent.Stream.Namespace });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = streamEvent.Stream.Key });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = error });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = attempts });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
