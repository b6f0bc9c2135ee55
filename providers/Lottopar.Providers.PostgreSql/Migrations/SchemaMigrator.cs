using Microsoft.Extensions.Logging;
using Npgsql;

namespace Lottopar.Providers.PostgreSql.Migrations;

/// <summary>
/// Brings the database to the schema this build expects. Pending scripts run in version order
/// inside one transaction under an advisory lock: silos starting together apply them once, and a
/// failing script leaves the schema as it was. An applied script whose text changed, or a
/// database newer than the build, stops the silo with an error that says so.
/// </summary>
public sealed class SchemaMigrator(NpgsqlDataSource dataSource, IReadOnlyList<Migration> migrations, ILogger<SchemaMigrator> logger)
{
    private const long AdvisoryLockKey = 7_420_250_001;

    private const string CreateHistorySql = """
        create table if not exists schema_migrations (
            version integer primary key,
            name text not null,
            checksum text not null,
            applied_at timestamptz not null default now()
        )
        """;

    public IReadOnlyList<Migration> Migrations => migrations;

    /// <summary>Applies what is pending; returns the scripts applied now (empty when already current).</summary>
    public async Task<IReadOnlyList<Migration>> ApplyAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, $"select pg_advisory_xact_lock({AdvisoryLockKey})", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, CreateHistorySql, cancellationToken).ConfigureAwait(false);

        var applied = await ReadAppliedAsync(connection, cancellationToken).ConfigureAwait(false);
        Verify(applied);
        var pending = migrations.Where(m => !applied.ContainsKey(m.Version)).ToList();
        foreach (var migration in pending)
        {
            logger.LogInformation("Applying migration {Version} {Name}", migration.Version, migration.Name);
            await ExecuteAsync(connection, migration.Sql, cancellationToken).ConfigureAwait(false);
            await using var record = new NpgsqlCommand("insert into schema_migrations (version, name, checksum) values ($1, $2, $3)", connection);
            record.Parameters.Add(new NpgsqlParameter<int> { TypedValue = migration.Version });
            record.Parameters.Add(new NpgsqlParameter<string> { TypedValue = migration.Name });
            record.Parameters.Add(new NpgsqlParameter<string> { TypedValue = migration.Checksum });
            await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return pending;
    }

    /// <summary>Whether the database holds exactly the scripts of this build (for the readiness check).</summary>
    public async Task<SchemaStatus> GetStatusAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var exists = new NpgsqlCommand("select to_regclass('schema_migrations') is not null", connection);
        if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
        {
            return new SchemaStatus(false, $"{migrations.Count} migrations pending");
        }

        var applied = await ReadAppliedAsync(connection, cancellationToken).ConfigureAwait(false);
        var pending = migrations.Count(m => !applied.ContainsKey(m.Version));
        var problem = Problems(applied).FirstOrDefault();
        if (problem is not null)
        {
            return new SchemaStatus(false, problem);
        }

        return pending == 0
            ? new SchemaStatus(true, $"schema at version {(migrations.Count > 0 ? migrations[^1].Version : 0)}")
            : new SchemaStatus(false, $"{pending} migrations pending");
    }

    private void Verify(Dictionary<int, string> applied)
    {
        var problem = Problems(applied).FirstOrDefault();
        if (problem is not null)
        {
            throw new InvalidOperationException(problem);
        }
    }

    private IEnumerable<string> Problems(Dictionary<int, string> applied)
    {
        foreach (var (version, checksum) in applied.OrderBy(a => a.Key))
        {
            var known = migrations.FirstOrDefault(m => m.Version == version);
            if (known is null)
            {
                yield return $"The database has migration {version}, which this build does not know: it is newer than this build.";
            }
            else if (known.Checksum != checksum)
            {
                yield return $"Migration {version} ({known.Name}) was changed after it was applied; add a new migration instead.";
            }
        }
    }

    private static async Task<Dictionary<int, string>> ReadAppliedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("select version, checksum from schema_migrations", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var applied = new Dictionary<int, string>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            applied[reader.GetInt32(0)] = reader.GetString(1);
        }

        return applied;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}

/// <param name="IsCurrent">True when every script of this build is applied and none is unknown or changed.</param>
public sealed record SchemaStatus(bool IsCurrent, string Description);
