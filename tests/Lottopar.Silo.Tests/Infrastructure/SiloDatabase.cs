using Npgsql;

namespace Lottopar.Silo.Tests.Infrastructure;

/// <summary>An empty database of its own on the cluster deploy/test.sh starts (LOTTOPAR_TEST_DB).</summary>
public sealed class SiloDatabase
{
    private SiloDatabase(string name, string connectionString)
    {
        Name = name;
        ConnectionString = connectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public static async Task<SiloDatabase> CreateAsync()
    {
        var server = Environment.GetEnvironmentVariable("LOTTOPAR_TEST_DB")
            ?? throw new InvalidOperationException("LOTTOPAR_TEST_DB is not set; run the tests with deploy/test.sh.");
        var name = $"lottopar_silo_{Guid.NewGuid():N}";
        await AdminAsync(server, $"create database \"{name}\"");
        return new SiloDatabase(name, new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString);
    }

    public async Task DropAsync() =>
        await AdminAsync(Environment.GetEnvironmentVariable("LOTTOPAR_TEST_DB")!, $"drop database if exists \"{Name}\" with (force)");

    /// <summary>An empty database under the same name (after a test dropped it).</summary>
    public async Task RecreateAsync() =>
        await AdminAsync(Environment.GetEnvironmentVariable("LOTTOPAR_TEST_DB")!, $"create database \"{Name}\"");

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<T?> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        var result = await command.ExecuteScalarAsync();
        return result is null or DBNull ? default : (T)result;
    }

    private static async Task AdminAsync(string server, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
