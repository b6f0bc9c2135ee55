using System.Text.Json;
using System.Xml.Linq;
using Lottopar.Grains.Vault;
using Npgsql;
using NpgsqlTypes;

namespace Lottopar.Silo.Vault;

/// <summary>
/// The vault's files and records in PostgreSQL (deploy/sql/0014_vault_files.sql). An accepted
/// file's records are copied in while the file is read (<see cref="BeginAsync"/>) and kept only if
/// its row is then committed in the same transaction: nothing of a file that fails halfway, or
/// that the database refuses, remains.
/// </summary>
public sealed class VaultFileStore(NpgsqlDataSource dataSource)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private const string Columns = """
        id, oprid, file_name, sha256, size_bytes, received_at, accepted, sequence, hour, part, parts, record_count, counts::text,
        error_count, errors::text, chain_position, chain_previous, chain_value, receipt
        """;

    private const string InsertSql = """
        insert into vault_files (id, oprid, file_name, sha256, size_bytes, received_at, accepted, sequence, hour, part, parts, record_count, counts,
                                 error_count, errors, chain_position, chain_previous, chain_value, receipt)
        values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::jsonb, $14, $15::jsonb, $16, $17, $18, $19)
        """;

    private const string CopySql = """
        copy vault_records (oprid, record_id, file_id, position, record_type, at, cpf, amount, replaces_id, replaces_date, xml)
        from stdin (format binary)
        """;

    /// <summary>The file an operator sent with these bytes before, if any.</summary>
    public async Task<VaultFileRow?> FindAsync(string oprid, string sha256, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"select {Columns} from vault_files where oprid = $1 and sha256 = $2");
        command.Parameters.Add(Typed(oprid, NpgsqlDbType.Text));
        command.Parameters.Add(Typed(sha256, NpgsqlDbType.Text));
        return (await ReadRowsAsync(command, cancellationToken)).SingleOrDefault();
    }

    /// <summary>An operator's accepted files from a place in its chain on, in chain order (a vault catching up after a crash).</summary>
    public async Task<IReadOnlyList<VaultFileRow>> AcceptedFromAsync(string oprid, long chainPosition, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"select {Columns} from vault_files where oprid = $1 and accepted and chain_position >= $2 order by chain_position");
        command.Parameters.Add(Typed(oprid, NpgsqlDbType.Text));
        command.Parameters.Add(Typed(chainPosition, NpgsqlDbType.Bigint));
        return await ReadRowsAsync(command, cancellationToken);
    }

    /// <summary>The records of a file of the given types (wire names), in file order.</summary>
    public async Task<IReadOnlyList<VaultStoredRecord>> RecordsAsync(Guid fileId, IReadOnlyList<string> types, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "select record_id, record_type, at, cpf, xml from vault_records where file_id = $1 and record_type = any($2) order by position");
        command.Parameters.Add(Typed(fileId, NpgsqlDbType.Uuid));
        command.Parameters.Add(Typed(types.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text));
        var records = new List<VaultStoredRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(new VaultStoredRecord(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetString(3), reader.GetString(4)));
        }

        return records;
    }

    /// <summary>An operator's accepted files whose records have not reached the players yet, in chain order.</summary>
    public async Task<IReadOnlyList<Guid>> UnfedAsync(string oprid, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "select id from vault_files where oprid = $1 and accepted and not players_fed order by chain_position limit 100");
        command.Parameters.Add(Typed(oprid, NpgsqlDbType.Text));
        var ids = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }

    public async Task MarkFedAsync(Guid fileId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("update vault_files set players_fed = true where id = $1");
        command.Parameters.Add(Typed(fileId, NpgsqlDbType.Uuid));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>A file by its id (its receipt's id), whoever sent it: the caller checks who may see it.</summary>
    public async Task<VaultFileRow?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"select {Columns} from vault_files where id = $1");
        command.Parameters.Add(Typed(id, NpgsqlDbType.Uuid));
        return (await ReadRowsAsync(command, cancellationToken)).SingleOrDefault();
    }

    /// <summary>Files newest first, filtered by operator, hour covered and verdict (each optional).</summary>
    public async Task<IReadOnlyList<VaultFileRow>> ListAsync(string? oprid, DateTimeOffset? hour, bool? accepted, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            select {Columns} from vault_files
            where ($1::text is null or oprid = $1) and ($2::timestamptz is null or hour = $2) and ($3::boolean is null or accepted = $3)
            order by received_at desc, id desc
            limit $4
            """);
        command.Parameters.Add(Typed(oprid, NpgsqlDbType.Text));
        command.Parameters.Add(Typed(hour?.ToUniversalTime(), NpgsqlDbType.TimestampTz));
        command.Parameters.Add(Typed(accepted, NpgsqlDbType.Boolean));
        command.Parameters.Add(Typed(limit, NpgsqlDbType.Integer));
        return await ReadRowsAsync(command, cancellationToken);
    }

    /// <summary>Per operator (all when null) and hour covered in [from, to): its parts accepted, the last acceptance, files refused.</summary>
    public async Task<IReadOnlyList<VaultHourFiles>> HoursAsync(IReadOnlyCollection<string>? oprids, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            select oprid, hour, (count(distinct part) filter (where accepted))::integer, coalesce(max(parts) filter (where accepted), 0),
                   max(received_at) filter (where accepted), (count(*) filter (where not accepted))::integer
            from vault_files
            where hour >= $2 and hour < $3 and ($1::text[] is null or oprid = any($1))
            group by oprid, hour
            """);
        command.Parameters.Add(new NpgsqlParameter<string[]?> { TypedValue = oprids?.ToArray() });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = from.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = to.ToUniversalTime() });
        var hours = new List<VaultHourFiles>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            hours.Add(new VaultHourFiles(reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetInt32(2), reader.GetInt32(3),
                reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4), reader.GetInt32(5)));
        }

        return hours;
    }

    internal static async Task<IReadOnlyList<VaultFileRow>> ReadRowsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var rows = new List<VaultFileRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new VaultFileRow(
                reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt64(4), reader.GetFieldValue<DateTimeOffset>(5),
                reader.GetBoolean(6), reader.IsDBNull(7) ? null : reader.GetInt64(7), reader.IsDBNull(8) ? null : reader.GetFieldValue<DateTimeOffset>(8),
                reader.IsDBNull(9) ? null : reader.GetInt32(9), reader.IsDBNull(10) ? null : reader.GetInt32(10), reader.GetInt32(11),
                JsonSerializer.Deserialize<Dictionary<string, VaultTypeCount>>(reader.GetString(12), Json)!, reader.GetInt32(13),
                JsonSerializer.Deserialize<List<VaultFileError>>(reader.GetString(14), Json)!,
                reader.IsDBNull(15) ? null : new VaultChainEntry(reader.GetInt64(15), reader.GetString(16), reader.GetString(17)),
                reader.GetFieldValue<byte[]>(18)));
        }

        return rows;
    }

    /// <summary>
    /// Keeps a rejected file's row (its receipt). A row with the same bytes already there is kept
    /// as it is: the answer to a repeat is the first answer.
    /// </summary>
    public async Task<VaultSaveOutcome> SaveRejectedAsync(VaultFileRow row, CancellationToken cancellationToken)
    {
        if (row.Accepted)
        {
            throw new ArgumentException("An accepted file is saved through BeginAsync.", nameof(row));
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await InsertAsync(connection, null, row, cancellationToken);
    }

    /// <summary>Opens the transaction and the copy that an accepted file's records stream into.</summary>
    public async Task<VaultRecordStaging> BeginAsync(Guid fileId, string oprid, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var importer = await connection.BeginBinaryImportAsync(CopySql, cancellationToken);
            return new VaultRecordStaging(connection, transaction, importer, fileId, oprid);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static NpgsqlParameter Typed(object? value, NpgsqlDbType type) => new() { Value = value ?? DBNull.Value, NpgsqlDbType = type };

    internal static async Task<VaultSaveOutcome> InsertAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, VaultFileRow row, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(InsertSql, connection, transaction)
        {
            Parameters =
            {
                Typed(row.Id, NpgsqlDbType.Uuid), Typed(row.Oprid, NpgsqlDbType.Text), Typed(row.FileName, NpgsqlDbType.Text),
                Typed(row.Sha256, NpgsqlDbType.Text), Typed(row.SizeBytes, NpgsqlDbType.Bigint), Typed(row.ReceivedAt.ToUniversalTime(), NpgsqlDbType.TimestampTz),
                Typed(row.Accepted, NpgsqlDbType.Boolean), Typed(row.Sequence, NpgsqlDbType.Bigint), Typed(row.Hour?.ToUniversalTime(), NpgsqlDbType.TimestampTz),
                Typed(row.Part, NpgsqlDbType.Integer), Typed(row.Parts, NpgsqlDbType.Integer), Typed(row.RecordCount, NpgsqlDbType.Integer),
                Typed(JsonSerializer.Serialize(row.Counts, Json), NpgsqlDbType.Text), Typed(row.ErrorCount, NpgsqlDbType.Integer),
                Typed(JsonSerializer.Serialize(row.Errors, Json), NpgsqlDbType.Text), Typed(row.Chain?.Position, NpgsqlDbType.Bigint),
                Typed(row.Chain?.Previous, NpgsqlDbType.Text), Typed(row.Chain?.Value, NpgsqlDbType.Text), Typed(row.Receipt, NpgsqlDbType.Bytea),
            },
        };
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
            return VaultSaveOutcome.Stored;
        }
        catch (PostgresException error) when (error.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return error.ConstraintName is "vault_files_accepted_sequence" or "vault_files_chain_position" ? VaultSaveOutcome.SequenceConflict : VaultSaveOutcome.Repeat;
        }
    }
}

/// <summary>
/// The records of one accepted file on their way in: <see cref="Write"/> as the reader hands them
/// on, then <see cref="CommitAsync"/> with the file's row. Disposed without a commit, nothing stays.
/// </summary>
public sealed class VaultRecordStaging : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;
    private readonly NpgsqlBinaryImporter _importer;
    private readonly Guid _fileId;
    private readonly string _oprid;
    private bool _finished;

    internal VaultRecordStaging(NpgsqlConnection connection, NpgsqlTransaction transaction, NpgsqlBinaryImporter importer, Guid fileId, string oprid)
    {
        (_connection, _transaction, _importer, _fileId, _oprid) = (connection, transaction, importer, fileId, oprid);
    }

    public void Write(VaultRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        _importer.StartRow();
        _importer.Write(_oprid, NpgsqlDbType.Text);
        _importer.Write(record.Id, NpgsqlDbType.Text);
        _importer.Write(_fileId, NpgsqlDbType.Uuid);
        _importer.Write(record.Position, NpgsqlDbType.Integer);
        _importer.Write(record.Type.WireName(), NpgsqlDbType.Text);
        _importer.Write(record.At.ToUniversalTime(), NpgsqlDbType.TimestampTz);
        WriteNullable(record.Cpf, NpgsqlDbType.Text);
        _importer.Write(record.Amount, NpgsqlDbType.Bigint);
        WriteNullable(record.Replaces?.Id, NpgsqlDbType.Text);
        if (record.Replaces is { } replaces)
        {
            _importer.Write(replaces.Date, NpgsqlDbType.Date);
        }
        else
        {
            _importer.WriteNull();
        }

        _importer.Write(record.Element.ToString(SaveOptions.DisableFormatting), NpgsqlDbType.Text);
    }

    /// <summary>Ends the copy, adds the file's row and commits; a refusal by the database rolls everything back.</summary>
    public async Task<VaultSaveOutcome> CommitAsync(VaultFileRow row, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (!row.Accepted || row.Id != _fileId || row.Oprid != _oprid)
        {
            throw new ArgumentException("The row must be the accepted file these records belong to.", nameof(row));
        }

        _finished = true;
        try
        {
            await _importer.CompleteAsync(cancellationToken);
            await _importer.CloseAsync(cancellationToken);
            var outcome = await VaultFileStore.InsertAsync(_connection, _transaction, row, cancellationToken);
            if (outcome != VaultSaveOutcome.Stored)
            {
                await _transaction.RollbackAsync(cancellationToken);
                return outcome;
            }

            await _transaction.CommitAsync(cancellationToken);
            return VaultSaveOutcome.Stored;
        }
        catch (PostgresException error) when (error.SqlState == PostgresErrorCodes.UniqueViolation && error.ConstraintName == "vault_records_pkey")
        {
            return VaultSaveOutcome.RecordIdTaken;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_finished)
        {
            await _importer.DisposeAsync(); // without Complete: the copy is cancelled
        }

        await _transaction.DisposeAsync();
        await _connection.DisposeAsync();
    }

    private void WriteNullable(string? value, NpgsqlDbType type)
    {
        if (value is null)
        {
            _importer.WriteNull();
        }
        else
        {
            _importer.Write(value, type);
        }
    }
}
