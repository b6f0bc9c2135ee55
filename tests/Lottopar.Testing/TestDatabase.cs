using Lottopar.Providers.PostgreSql.Migrations;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Lottopar.Testing;

/// <summary>
/// A fresh database on the real PostgreSQL cluster that deploy/test.sh starts (LOTTOPAR_TEST_DB),
/// migrated with the project's own scripts. One per test run is shared: every test uses its own
/// keys, stream namespaces and subscription names, so tests never see each other's data.
/// </summary>
public sealed class TestDatabase
{
    private static readonly Lazy<Task<TestDatabase>> SharedDatabase = new(() => CreateAsync("shared"));

    private TestDatabase(string connectionString)
    {
        ConnectionString = connectionString;
        DataSource = NpgsqlDataSource.Create(connectionString);
    }

    public string ConnectionString { get; }

    public NpgsqlDataSource DataSource { get; }

    public static Task<TestDatabase> SharedAsync() => SharedDatabase.Value;

    /// <summary>A database of its own, for tests about the schema itself.</summary>
    public static async Task<TestDatabase> CreateAsync(string purpose, bool migrate = true)
    {
        var admin = new NpgsqlConnectionStringBuilder(ServerConnectionString()) { Database = "postgres", Pooling = false };
        var name = $"lottopar_test_{purpose}_{Guid.NewGuid():N}"[..50];
        await using (var connection = new NpgsqlConnection(admin.ConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"create database \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        var database = new TestDatabase(new NpgsqlConnectionStringBuilder(admin.ConnectionString)
        {
            Database = name,
            Pooling = true,
            MaxPoolSize = 200,
        }.ConnectionString);
        if (migrate)
        {
            await database.MigrateAsync();
        }

        return database;
    }

    public Task<IReadOnlyList<Migration>> MigrateAsync() =>
        new SchemaMigrator(DataSource, Migration.FromEmbeddedResources(typeof(TestDatabase).Assembly), NullLogger<SchemaMigrator>.Instance)
            .ApplyAsync(CancellationToken.None);

    public async Task<T?> ScalarAsync<T>(string sql, params object[] parameters)
    {
        await using var command = DataSource.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        var result = await command.ExecuteScalarAsync();
        return result is null or DBNull ? default : (T)result;
    }

    private static string ServerConnectionString() =>
        Environment.GetEnvironmentVariable("LOTTOPAR_TEST_DB")
        ?? throw new InvalidOperationException(
            "LOTTOPAR_TEST_DB is not set. Run the tests with deploy/test.sh, which starts a throwaway PostgreSQL " +
            "cluster and sets it, or set it to a superuser connection string of a cluster you own.");
}
