using System.Text.Json;
using System.Xml.Linq;
using Lottopar.Grains.Vault;
using Npgsql;
using NpgsqlTypes;

namespace Lottopar.Silo.Vault;

/// <summary>One distinct file an operator sent, as <c>vault_files</c> keeps it and its receipt shows it.</summary>
public sealed record VaultFileRow(
    Guid Id, string Oprid, string FileName, string Sha256, long SizeBytes, DateTimeOffset ReceivedAt, bool Accepted,
    long? Sequence, DateTimeOffset? Hour, int? Part, int? Parts, int RecordCount, IReadOnlyDictionary<string, long> Counts,
    int ErrorCount, IReadOnlyList<VaultFileError> Errors, string? ChainPrevious, string? ChainValue);

/// <summary>How saving an accepted file ended: stored, or refused by what other files already hold.</summary>
public enum VaultSaveOutcome
{
    Stored,

    /// <summary>The same bytes were stored before (the row found by its SHA-256 answers).</summary>
    Repeat,

    /// <summary>Another file was accepted under this sequence number.</summary>
    SequenceConflict,

    /// <summary>A record id of this file belongs to a record of an earlier file.</summary>
    RecordIdTaken,
}

/// <summary>
/// The vault's files and records in PostgreSQL (deploy/sql/0014_vault_files.sql). An accepted
/// file's records are copied in while the file is read (<see cref="BeginAsync"/>) and kept only if
/// its row is then committed in the same transaction: nothing of a file that fails halfway, or
/// that the database refuses, remains.
/// </summary>
public sealed class VaultFileStore(NpgsqlDataSource dataSource)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private const string FindSql = """
        select id, file_name, size_bytes, received_at, accepted, sequence, hour, part, parts, record_count, counts::text,
               error_count, errors::text, chain_previous, chain_value
        from vault_files where oprid = $1 and sha256 = $2
        """;

    private const string InsertSql = """
        insert into vault_files (id, oprid, file_name, sha256, size_bytes, received_at, accepted, sequence, hour, part, parts,
                                 record_count, counts, error_count, errors, chain_previous, chain_value)
        values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::jsonb, $14, $15::jsonb, $16, $17)
        """;

    private const string CopySql = """
        copy vault_records (oprid, record_id, file_id, position, record_type, at, cpf, amount, replaces_id, replaces_date, xml)
        from stdin (format binary)
        """;

    /// <summary>The file an operator sent with these bytes before, if any.</summary>
    public async Task<VaultFileRow?> FindAsync(string oprid, string sha256, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(FindSql);
        command.Parameters.Add(new NpgsqlParameter { Value = oprid });
        command.Parameters.Add(new NpgsqlParameter { Value = sha256 });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new VaultFileRow(
            reader.GetGuid(0), oprid, reader.GetString(1), sha256, reader.GetInt64(2), reader.GetFieldValue<DateTimeOffset>(3), reader.GetBoolean(4),
            reader.IsDBNull(5) ? null : reader.GetInt64(5), reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6),
            reader.IsDBNull(7) ? null : reader.GetInt32(7), reader.IsDBNull(8) ? null : reader.GetInt32(8), reader.GetInt32(9),
            JsonSerializer.Deserialize<Dictionary<string, long>>(reader.GetString(10), Json)!, reader.GetInt32(11),
            JsonSerializer.Deserialize<List<VaultFileError>>(reader.GetString(12), Json)!,
            reader.IsDBNull(13) ? null : reader.GetString(13), reader.IsDBNull(14) ? null : reader.GetString(14));
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
                Typed(JsonSerializer.Serialize(row.Errors, Json), NpgsqlDbType.Text), Typed(row.ChainPrevious, NpgsqlDbType.Text), Typed(row.ChainValue, NpgsqlDbType.Text),
            },
        };
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
            return VaultSaveOutcome.Stored;
        }
        catch (PostgresException error) when (error.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return error.ConstraintName == "vault_files_accepted_sequence" ? VaultSaveOutcome.SequenceConflict : VaultSaveOutcome.Repeat;
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
