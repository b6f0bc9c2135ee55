using System.Collections.Concurrent;
using Lottopar.Providers.PostgreSql.Outages;
using Lottopar.Providers.PostgreSql.Streams;
using Npgsql;
using Lottopar.Providers.PostgreSql.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NpgsqlTypes;

namespace Lottopar.Providers.PostgreSql.Storage;

/// <summary>
/// Grain state in <c>grain_state</c>, events in <c>stream_events</c>, unique keys in
/// <c>grain_unique_keys</c>. A write is one SQL statement (data-modifying CTEs): the events are
/// inserted and the keys claimed only if the versioned state write matched, and everything
/// commits together in one round trip. A key another grain holds makes the insert violate the
/// primary key, which aborts the whole statement.
/// </summary>
public sealed class PostgresStateStore : IStateStore, IUniqueKeyDirectory, IAsyncDisposable
{
    private const string ReadSql = """
        select state::text, version from grain_state where grain_type = $1 and grain_key = $2
        """;

    // "with ordinality" numbers the wanted grains so each row finds its caller.
    private const string ReadManySql = """
        select w.n, s.state::text, s.version
        from unnest($1::text[], $2::text[]) with ordinality as w(grain_type, grain_key, n)
        join grain_state s on s.grain_type = w.grain_type and s.grain_key = w.grain_key
        """;

    private const string FindKeySql = """
        select grain_type, grain_key from grain_unique_keys where scope = $1 and value = $2
        """;

    private const string HoldersSql = """
        select k.scope, k.value, k.grain_type, k.grain_key
        from grain_unique_keys k
        join unnest($3::text[], $4::text[]) as wanted(scope, value) on k.scope = wanted.scope and k.value = wanted.value
        where not (k.grain_type = $1 and k.grain_key = $2)
        """;

    /// <summary>
    /// The service key of an optional data source of the storage's own: the group commit and the
    /// grouped reads then run on a few connections of their own instead of rotating through the
    /// application's whole pool (each PostgreSQL backend touching the pages the writes touch).
    /// </summary>
    public const string DataSourceKey = "Lottopar.Providers.PostgreSql.Storage";

    private readonly NpgsqlDataSource _dataSource;
    private readonly IReadOnlyList<StreamArchive> _archives;
    private readonly PublishedEvents _published;
    private readonly BatchingQueue<PendingWrite, long?> _groupCommit;
    private readonly BatchingQueue<StoredGrainId, StoredGrainState?> _groupedReads;
    private readonly ProviderInstruments _instruments;
    private readonly ILogger<PostgresStateStore> _logger;
    private readonly DatabaseOutage _outage;

    // Told of every commit that carried events, so delivery here (and in other silos, through NOTIFY) need not wait for a poll.
    private readonly StreamSignals _signals;

    // Built once per shape: (first write?, events?, unique keys?) and which archives the events reach.
    private readonly ConcurrentDictionary<(int Shape, int Archives), string> _statements = new();

    public PostgresStateStore(
        NpgsqlDataSource dataSource,
        IEnumerable<StreamArchive> archives,
        IOptions<ProviderOptions> options,
        ProviderInstruments instruments,
        DatabaseOutage outage,
        StreamSignals signals,
        ILogger<PostgresStateStore> logger)
    {
        _signals = signals;
        _dataSource = dataSource;
        _outage = outage;
        _instruments = instruments;
        _logger = logger;
        _archives = [.. archives];
        _published = new PublishedEvents(_archives);
        var settings = options.Value;
        _groupCommit = new BatchingQueue<PendingWrite, long?>(WriteBatchAsync, settings.StorageWriteBatchSize, settings.StorageWriteConcurrency);
        _groupedReads = new BatchingQueue<StoredGrainId, StoredGrainState?>(ReadBatchAsync, settings.StorageReadBatchSize, settings.StorageReadConcurrency);
    }

    public Task<StoredGrainState?> ReadAsync(StoredGrainId grain, CancellationToken cancellationToken) =>
        _groupedReads.SubmitAsync(grain, cancellationToken);

    /// <summary>Reads of concurrent activations: one query for the batch, or the plain query for one.</summary>
    private async Task ReadBatchAsync(IReadOnlyList<BatchedRequest<StoredGrainId, StoredGrainState?>> batch)
    {
        if (batch.Count == 1)
        {
            var state = await ReadOneAsync(batch[0].Request, CancellationToken.None).ConfigureAwait(false);
            _outage.Succeeded();
            batch[0].Complete(state);
            return;
        }

        var found = new StoredGrainState?[batch.Count];
        await using (var command = _dataSource.CreateCommand(ReadManySql))
        {
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. batch.Select(b => b.Request.Type)] });
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. batch.Select(b => b.Request.Key)] });
            await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
            while (await reader.ReadAsync().ConfigureAwait(false))
            {
                found[reader.GetInt64(0) - 1] = new StoredGrainState(reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetInt64(2));
            }
        }

        _outage.Succeeded();
        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Complete(found[i]);
        }
    }

    private async Task<StoredGrainState?> ReadOneAsync(StoredGrainId grain, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(ReadSql);
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
        StoredGrainId grain,
        string? stateJson,
        long expectedVersion,
        IReadOnlyList<OutboundStreamEvent> events,
        IReadOnlyCollection<UniqueKey>? uniqueKeys,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var version = await _groupCommit.SubmitAsync(new PendingWrite(grain, stateJson, expectedVersion, events, uniqueKeys, now), cancellationToken)
            .ConfigureAwait(false);
        if (version is not null)
        {
            _signals.Published(events);
        }

        return version;
    }

    public async ValueTask DisposeAsync()
    {
        await _groupCommit.DisposeAsync().ConfigureAwait(false);
        await _groupedReads.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Runs a batch of writes from different grains. Several go in one transaction and one round
    /// trip; if that transaction fails for any reason (a contested unique key, a lost connection)
    /// nothing of it is kept and each write runs again alone, so one write's failure is only its
    /// own. A write whose outcome was lost with the connection finds its version moved on and
    /// reports a conflict: it is never applied twice.
    /// </summary>
    private async Task WriteBatchAsync(IReadOnlyList<BatchedRequest<PendingWrite, long?>> batch)
    {
        _instruments.GroupCommitted(batch.Count);
        if (batch.Count > 1)
        {
            long?[] versions;
            try
            {
                versions = await WriteTogetherAsync(batch).ConfigureAwait(false);
            }
            catch (Exception error)
            {
                // Expected now and then (two grains contesting a unique key); the re-run names the loser.
                _instruments.GroupCommitFellBack();
                _logger.LogDebug(error, "A group commit of {Writes} state writes failed; each runs again alone.", batch.Count);
                versions = [];
            }

            if (versions.Length == batch.Count)
            {
                _outage.Succeeded();
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Complete(versions[i]);
                }

                return;
            }
        }

        foreach (var item in batch)
        {
            try
            {
                var version = await WriteAloneAsync(item.Request).ConfigureAwait(false);
                _outage.Succeeded();
                item.Complete(version);
            }
            catch (Exception error)
            {
                item.Fail(error);
            }
        }
    }

    /// <summary>
    /// One transaction, one round trip: writes of the same shape without unique keys go as one
    /// multi-row statement (<see cref="MultiRowWrite"/>), every other write as its own statement.
    /// The batch has no explicit transaction: PostgreSQL runs the statements before the batch's one
    /// Sync as one implicit transaction and commits it at the Sync, so an explicit COMMIT would
    /// only add a round trip (and a wake-up of the backend) per group commit. An error in any
    /// statement, or in the commit itself, rolls all of it back and reaches the caller from the
    /// reader before any version is returned.
    /// </summary>
    private async Task<long?[]> WriteTogetherAsync(IReadOnlyList<BatchedRequest<PendingWrite, long?>> batch)
    {
        await using var command = _dataSource.CreateBatch();
        var owners = new List<int[]>(); // per command: the writes it carries (a multi-row statement carries two or more)
        var sameShape = Enumerable.Range(0, batch.Count)
            .Where(i => batch[i].Request.UniqueKeys is null)
            .GroupBy(i => (First: batch[i].Request.ExpectedVersion == 0, Events: batch[i].Request.Events.Count > 0, Archives: ArchivesReached(batch[i].Request.Events)))
            .Where(group => group.Count() > 1)
            .ToList();
        foreach (var group in sameShape)
        {
            var (first, events, archives) = group.Key;
            var sql = _statements.GetOrAdd((8 | (first ? 1 : 0) | (events ? 2 : 0), archives), _ => MultiRowWrite.Build(first, events, _published, ArchiveCtes(archives)));
            var multiRow = new NpgsqlBatchCommand(sql);
            MultiRowWrite.AddParameters(multiRow.Parameters, [.. group.Select(i => batch[i].Request)], first, events);
            command.BatchCommands.Add(multiRow);
            owners.Add([.. group]);
        }

        foreach (var i in Enumerable.Range(0, batch.Count).Except(sameShape.SelectMany(group => group)))
        {
            command.BatchCommands.Add(CreateWriteCommand(batch[i].Request));
            owners.Add([i]);
        }

        var versions = new long?[batch.Count];
        await using (var reader = await command.ExecuteReaderAsync().ConfigureAwait(false))
        {
            for (var c = 0; c < owners.Count; c++)
            {
                if (c > 0)
                {
                    await reader.NextResultAsync().ConfigureAwait(false);
                }

                var members = owners[c];
                if (members.Length == 1)
                {
                    versions[members[0]] = await reader.ReadAsync().ConfigureAwait(false) ? reader.GetInt64(0) : null;
                    continue;
                }

                // A multi-row statement answers (n, version) for each write that matched; the others stay null.
                while (await reader.ReadAsync().ConfigureAwait(false))
                {
                    versions[members[reader.GetInt64(0) - 1]] = reader.GetInt64(1);
                }
            }

            // Reads through to the Sync's answer: the commit's outcome, an error included.
            while (await reader.NextResultAsync().ConfigureAwait(false))
            {
            }
        }

        return versions;
    }

    private async Task<long?> WriteAloneAsync(PendingWrite write)
    {
        await using var command = _dataSource.CreateBatch();
        command.BatchCommands.Add(CreateWriteCommand(write));
        try
        {
            var result = await command.ExecuteScalarAsync().ConfigureAwait(false);
            return result is long version ? version : null;
        }
        catch (PostgresException error) when (error.SqlState == PostgresErrorCodes.UniqueViolation && error.ConstraintName == "grain_unique_keys_pkey")
        {
            throw new UniqueKeyConflictException(await FindHoldersAsync(write.Grain, write.UniqueKeys!, CancellationToken.None).ConfigureAwait(false));
        }
    }

    private NpgsqlBatchCommand CreateWriteCommand(PendingWrite write)
    {
        var firstWrite = write.ExpectedVersion == 0;
        var shape = (firstWrite ? 1 : 0) | (write.Events.Count > 0 ? 2 : 0) | (write.UniqueKeys is not null ? 4 : 0);
        var archived = ArchivesReached(write.Events);
        var sql = _statements.GetOrAdd((shape, archived), key => BuildWrite((key.Shape & 1) != 0, (key.Shape & 2) != 0, (key.Shape & 4) != 0, key.Archives));
        var command = new NpgsqlBatchCommand(sql);
        var parameters = command.Parameters;
        parameters.Add(new NpgsqlParameter<string> { TypedValue = write.Grain.Type });
        parameters.Add(new NpgsqlParameter<string> { TypedValue = write.Grain.Key });
        parameters.Add(new NpgsqlParameter { Value = (object?)write.StateJson ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Jsonb });
        parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = write.Now });
        if (!firstWrite)
        {
            parameters.Add(new NpgsqlParameter<long> { TypedValue = write.ExpectedVersion });
        }

        if (write.Events.Count > 0)
        {
            AddEventParameters(parameters, write.Events);
        }

        if (write.UniqueKeys is not null)
        {
            AddKeyParameters(parameters, write.UniqueKeys);
        }

        return command;
    }

    public async Task AppendEventsAsync(IReadOnlyList<OutboundStreamEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
        {
            return;
        }

        var archived = ArchivesReached(events);
        await using var command = _dataSource.CreateCommand(_statements.GetOrAdd((-1, archived), key => BuildAppend(key.Archives)));
        var publisher = events[0].Publisher;
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = publisher.Type });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = publisher.Key });
        AddEventParameters(command.Parameters, events);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        _signals.Published(events);
    }

    public async Task<StoredGrainId?> FindAsync(string scope, string value, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand(FindKeySql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = scope });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = value });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? new StoredGrainId(reader.GetString(0), reader.GetString(1)) : null;
    }

    /// <summary>After a refused claim: which keys other grains hold, to name them in the error.</summary>
    private async Task<IReadOnlyList<UniqueKeyConflict>> FindHoldersAsync(StoredGrainId grain, IReadOnlyCollection<UniqueKey> keys, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(HoldersSql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = grain.Type });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = grain.Key });
        AddKeyParameters(command.Parameters, keys);
        var conflicts = new List<UniqueKeyConflict>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            conflicts.Add(new UniqueKeyConflict(reader.GetString(0), reader.GetString(1), new StoredGrainId(reader.GetString(2), reader.GetString(3))));
        }

        // The holder may have let go in between; the claim still failed, so say which scopes were contested.
        return conflicts.Count > 0 ? conflicts : [.. keys.Select(k => new UniqueKeyConflict(k.Scope, k.Value, null))];
    }

    /// <summary>A bit per archive whose namespace appears among the events.</summary>
    private int ArchivesReached(IReadOnlyList<OutboundStreamEvent> events)
    {
        var mask = 0;
        for (var i = 0; i < _archives.Count; i++)
        {
            foreach (var e in events)
            {
                if (e.Stream.Namespace == _archives[i].Namespace)
                {
                    mask |= 1 << i;
                    break;
                }
            }
        }

        return mask;
    }

    /// <summary>One CTE per archive reached, each inserting from the rows "published" returned.</summary>
    private IEnumerable<string> ArchiveCtes(int mask) =>
        _archives.Select((archive, i) => (archive, i)).Where(a => (mask & (1 << a.i)) != 0)
            .Select(a => $"archived_{a.i} as ({a.archive.InsertSql})");

    /// <summary>Events without a state write: parameters $1, $2 (publisher), six event arrays from $3.</summary>
    private string BuildAppend(int archives)
    {
        var parts = new List<string> { _published.Ctes(Publisher, EventsFrom(firstArray: 3), "e.n") };
        parts.AddRange(ArchiveCtes(archives));
        return $"with {string.Join(",\n", parts)}\nselect 1";
    }

    /// <summary>
    /// The write statement. Parameters: $1 grain type, $2 grain key, $3 state, $4 now, then the
    /// expected version (updates only), then six event arrays, then two key arrays (scope, value).
    /// </summary>
    private string BuildWrite(bool firstWrite, bool withEvents, bool withKeys, int archives)
    {
        var next = firstWrite ? 5 : 6;
        var stateWrite = firstWrite
            ? """
              insert into grain_state (grain_type, grain_key, version, state, updated_at)
              values ($1, $2, 1, $3, $4)
              on conflict (grain_type, grain_key) do nothing
              returning version
              """
            : """
              update grain_state set state = $3, version = version + 1, updated_at = $4
              where grain_type = $1 and grain_key = $2 and version = $5
              returning version
              """;
        if (!withEvents && !withKeys)
        {
            return stateWrite;
        }

        var parts = new List<string> { $"written as ({stateWrite})" };
        if (withEvents)
        {
            parts.Add(_published.Ctes(Publisher, $"{EventsFrom(next)}\nwhere exists (select 1 from written)", "e.n"));
            parts.AddRange(ArchiveCtes(archives));
            next += 6;
        }

        if (withKeys)
        {
            var wanted = $"unnest(${next}::text[], ${next + 1}::text[]) as wanted(scope, value)";
            parts.Add($"""
                released as (
                    delete from grain_unique_keys k
                    where k.grain_type = $1 and k.grain_key = $2 and exists (select 1 from written)
                      and (k.scope, k.value) not in (select scope, value from {wanted}))
                """);
            parts.Add($"""
                claimed as (
                    insert into grain_unique_keys (scope, value, grain_type, grain_key)
                    select wanted.scope, wanted.value, $1, $2 from {wanted}
                    where exists (select 1 from written)
                      and not exists (select 1 from grain_unique_keys k
                                      where k.scope = wanted.scope and k.value = wanted.value and k.grain_type = $1 and k.grain_key = $2))
                """);
        }

        return $"with {string.Join(",\n", parts)}\nselect version from written";
    }

    /// <summary>A single grain's events are published by it: $1 and $2.</summary>
    private const string Publisher = "$1::text as publisher_type, $2::text as publisher_key";

    // "with ordinality" numbers the events so the row ids follow the publishing order.
    private static string EventsFrom(int firstArray)
    {
        var p = Enumerable.Range(firstArray, 6).Select(i => $"${i}").ToArray();
        return $"""
            from unnest({p[0]}::smallint[], {p[1]}::text[], {p[2]}::text[], {p[3]}::text[], {p[4]}::jsonb[], {p[5]}::timestamptz[])
                 with ordinality as e(partition, stream_namespace, stream_key, event_type, payload, published_at, n)
            """;
    }

    private static void AddEventParameters(NpgsqlParameterCollection parameters, IReadOnlyList<OutboundStreamEvent> events)
    {
        parameters.Add(new NpgsqlParameter<short[]> { TypedValue = [.. events.Select(e => (short)e.Partition)] });
        parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. events.Select(e => e.Stream.Namespace)] });
        parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. events.Select(e => e.Stream.Key)] });
        parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. events.Select(e => e.EventType)] });
        parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. events.Select(e => e.Payload)], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb });
        parameters.Add(new NpgsqlParameter<DateTimeOffset[]> { TypedValue = [.. events.Select(e => e.PublishedAt)] });
    }

    private static void AddKeyParameters(NpgsqlParameterCollection parameters, IReadOnlyCollection<UniqueKey> keys)
    {
        parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. keys.Select(k => k.Scope)] });
        parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. keys.Select(k => k.Value)] });
    }
}

/// <summary>A state write waiting for its group commit.</summary>
internal sealed record PendingWrite(
    StoredGrainId Grain, string? StateJson, long ExpectedVersion, IReadOnlyList<OutboundStreamEvent> Events, IReadOnlyCollection<UniqueKey>? UniqueKeys, DateTimeOffset Now);
