using Lottopar.Providers.PostgreSql.Streams;
using Lottopar.Providers.PostgreSql.Storage;
using Lottopar.Testing;
using Npgsql;
using StreamId = Lottopar.Providers.Abstractions.StreamId;

namespace Lottopar.Providers.Tests.Streams;

/// <summary>What the stream tests read back from the log's tables, and the keys they make up.</summary>
internal static class StreamLogQueries
{
    public static string NewKey() => Guid.NewGuid().ToString("N");

    public static Task<long> EventCountAsync(this TestDatabase database, string streamNamespace) =>
        database.ScalarAsync<long>("select count(*) from stream_events where stream_namespace = $1", streamNamespace);

    /// <summary>The furthest checkpoint of a subscription over its partitions, or the start.</summary>
    public static async Task<StreamPosition> CheckpointAsync(this TestDatabase database, string subscription)
    {
        await using var command = database.DataSource.CreateCommand(
            "select tx_id, event_id from stream_checkpoints where subscription = $1 order by tx_id desc, event_id desc limit 1");
        command.Parameters.Add(new NpgsqlParameter { Value = subscription });
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? new StreamPosition(reader.GetInt64(0), reader.GetInt64(1)) : StreamPosition.Start;
    }

    /// <summary>
    /// Inserts an event as a writer outside the silo would, on <paramref name="connection"/> (so
    /// inside its open transaction, if it has one); the row's tx_id is that transaction's.
    /// </summary>
    public static Task InsertEventAsync(this NpgsqlConnection connection, string streamNamespace, string streamKey, Deposited deposited) =>
        connection.InsertEventAsync(streamNamespace, streamKey, nameof(Deposited), deposited);

    /// <summary><see cref="InsertEventAsync(NpgsqlConnection, string, string, Deposited)"/> of any event, under the name given.</summary>
    public static async Task InsertEventAsync<TEvent>(this NpgsqlConnection connection, string streamNamespace, string streamKey, string eventType, TEvent payload)
        where TEvent : notnull
    {
        await using var insert = new NpgsqlCommand(
            """
            insert into stream_events (partition, stream_namespace, stream_key, event_type, payload, published_at, publisher_type, publisher_key)
            values ($1, $2, $3, $4, $5::jsonb, now(), 'test', 'outside')
            """, connection);
        insert.Parameters.Add(new NpgsqlParameter { Value = (short)StreamPartitioner.PartitionOf(new StreamId(streamNamespace, streamKey)) });
        insert.Parameters.Add(new NpgsqlParameter { Value = streamNamespace });
        insert.Parameters.Add(new NpgsqlParameter { Value = streamKey });
        insert.Parameters.Add(new NpgsqlParameter { Value = eventType });
        insert.Parameters.Add(new NpgsqlParameter { Value = RuntimeJson.Serialize(payload, typeof(TEvent)) });
        await insert.ExecuteNonQueryAsync();
    }
}
