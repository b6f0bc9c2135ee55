using System.Runtime.CompilerServices;
using Lottopar.GrainInterfaces.Betting;
using Lottopar.Grains.Betting;
using Lottopar.Providers.PostgreSql.Storage;
using Lottopar.Providers.PostgreSql.Streams;
using Npgsql;

namespace Lottopar.Silo.Betting;

/// <summary>
/// The betting event store (<c>betting_events</c>): filled in the same statement as the bet slip's
/// state (the archive SQL below), read by event id, by the player grain's replay and, for the
/// payloads, by the readers of the "betting" stream.
/// </summary>
public sealed class BettingEventStore(NpgsqlDataSource dataSource) : IBettingHistory
{
    /// <summary>The stream archive: one row per "betting" event, from the rows just inserted into stream_events.</summary>
    public const string ArchiveSql = $$"""
        insert into betting_events (stream_event_id, event_id, received_at, oprid, cpf, player_sequence, bet_slip_id, event, event_date, flags, payload)
        select p.id, (p.payload->>'eventId')::uuid, (p.payload->>'receivedAt')::timestamptz, p.payload->>'oprid', p.payload->>'cpf',
               (p.payload->>'playerSequence')::bigint, p.payload->'event'->>'betSlipId', p.payload->'event'->>'event',
               (p.payload->'event'->>'eventDate')::timestamptz, array(select jsonb_array_elements_text(p.payload->'flags')), p.payload
        from published p
        where p.stream_namespace = 'betting' and p.event_type = '{{BettingStreams.EventRecorded}}'
        """;

    /// <summary>
    /// The store keeps each record's payload; the "betting" stream log keeps only the row's key
    /// (event id and received_at), so the 1.4 KB of a typical event is written once. A stream
    /// reader gets the payload back from the store by its unique index, in the row's one partition.
    /// </summary>
    public static readonly ArchivedPayload KeptPayload = new(
        ReferenceSql: "jsonb_build_object('eventId', payload->'eventId', 'receivedAt', payload->'receivedAt')",
        ResolveSql: """
            select b.payload from betting_events b
            where b.event_id = (s.payload->>'eventId')::uuid and b.received_at = (s.payload->>'receivedAt')::timestamptz
            """);

    public async IAsyncEnumerable<BettingEventRecord> PlayerEventsAfterAsync(
        string cpf, long afterSequence, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "select payload::text from betting_events where cpf = $1 and player_sequence > $2 order by player_sequence");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = cpf });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = afterSequence });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return RuntimeJson.Deserialize<BettingEventRecord>(reader.GetString(0))!;
        }
    }

    public async IAsyncEnumerable<BettingEventRecord> PlayerEventsSinceAsync(
        string cpf, DateTimeOffset since, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "select payload::text from betting_events where cpf = $1 and received_at >= $2 order by player_sequence");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = cpf });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = since });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return RuntimeJson.Deserialize<BettingEventRecord>(reader.GetString(0))!;
        }
    }

    /// <summary>
    /// Every operator's events received in [<paramref name="from"/>, <paramref name="to"/>), in the
    /// order they were committed (time of receipt, then the stream log's position), found through the
    /// id index (UUIDv7 minted from the time of receipt): history as the integrity backtests replay it.
    /// </summary>
    public async IAsyncEnumerable<BettingEventRecord> EventsBetweenAsync(
        DateTimeOffset from, DateTimeOffset to, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            select payload::text from betting_events
            where event_id >= $1 and event_id < $2 and received_at >= $3 and received_at < $4 order by received_at, stream_event_id
            """);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = FirstIdOf(from) });
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = FirstIdOf(to) });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = from });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = to });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return RuntimeJson.Deserialize<BettingEventRecord>(reader.GetString(0))!;
        }
    }

    /// <summary>The smallest UUIDv7 of a millisecond: its timestamp, the version, and zeros.</summary>
    public static Guid FirstIdOf(DateTimeOffset at)
    {
        var bytes = new byte[16];
        var milliseconds = at.ToUnixTimeMilliseconds();
        for (var i = 0; i < 6; i++)
        {
            bytes[i] = (byte)(milliseconds >> (8 * (5 - i)));
        }

        bytes[6] = 0x70;
        bytes[8] = 0x80;
        return new Guid(bytes, bigEndian: true);
    }

    /// <summary>The player's latest events at every operator, newest first.</summary>
    public async Task<IReadOnlyList<BettingEventRecord>> LatestPlayerEventsAsync(string cpf, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("select payload::text from betting_events where cpf = $1 order by player_sequence desc limit $2");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = cpf });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        var records = new List<BettingEventRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(RuntimeJson.Deserialize<BettingEventRecord>(reader.GetString(0))!);
        }

        return records;
    }

    /// <summary>An operator's event by id; null when it is not this operator's (or does not exist).</summary>
    public async Task<BettingEventRecord?> FindAsync(Guid eventId, string oprid, CancellationToken cancellationToken)
    {
        if (ReceivedAtOf(eventId) is not { } millisecond)
        {
            return null;
        }

        // The id's timestamp is the millisecond of received_at: the lookup reaches one partition.
        await using var command = dataSource.CreateCommand("""
            select payload::text from betting_events
            where event_id = $1 and oprid = $2 and received_at >= $3 and received_at < $3 + interval '1 millisecond'
            """);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = eventId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = oprid });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = millisecond });
        var payload = (string?)await command.ExecuteScalarAsync(cancellationToken);
        return payload is null ? null : RuntimeJson.Deserialize<BettingEventRecord>(payload);
    }

    /// <summary>The timestamp a UUIDv7 carries (its first 48 bits, milliseconds since the epoch); null for other UUIDs.</summary>
    public static DateTimeOffset? ReceivedAtOf(Guid id)
    {
        var bytes = id.ToByteArray(bigEndian: true);
        if (bytes[6] >> 4 != 7)
        {
            return null;
        }

        var milliseconds = 0L;
        for (var i = 0; i < 6; i++)
        {
            milliseconds = (milliseconds << 8) | bytes[i];
        }

        return DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
    }
}
