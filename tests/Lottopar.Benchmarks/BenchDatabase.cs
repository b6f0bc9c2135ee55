using Lottopar.Providers.PostgreSql.Migrations;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Lottopar.Benchmarks;

/// <summary>Fresh databases on the cluster deploy/bench.sh starts (LOTTOPAR_BENCH_DB).</summary>
public static class BenchDatabase
{
    /// <summary>A fresh database with the platform's schema.</summary>
    public static async Task<string> CreateAsync()
    {
        var connectionString = await CreateEmptyAsync();
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await new SchemaMigrator(dataSource, Migration.FromEmbeddedResources(typeof(BenchDatabase).Assembly), NullLogger<SchemaMigrator>.Instance)
            .ApplyAsync(CancellationToken.None);
        return connectionString;
    }

    /// <summary>A fresh, empty database, for a process that makes its own tables (the sandbox).</summary>
    public static async Task<string> CreateEmptyAsync()
    {
        var server = Environment.GetEnvironmentVariable("LOTTOPAR_BENCH_DB")
            ?? throw new InvalidOperationException("LOTTOPAR_BENCH_DB is not set: run deploy/bench.sh, which starts a PostgreSQL cluster for the benchmarks.");
        var name = $"lottopar_bench_{Guid.NewGuid():N}"[..30];
        await using (var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"create database {name}", admin);
            await create.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(server) { Database = name, MaxPoolSize = 150 }.ConnectionString;
    }

    public static async Task<string> SettingsAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand(
            "select string_agg(name || '=' || setting, ', ' order by name) from pg_settings where name in ('fsync', 'synchronous_commit', 'shared_buffers', 'max_connections')");
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
