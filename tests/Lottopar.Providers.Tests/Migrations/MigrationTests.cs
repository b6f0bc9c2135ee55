using Lottopar.Testing;
using Lottopar.Providers.PostgreSql.Migrations;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Xunit;

namespace Lottopar.Providers.Tests.Migrations;

/// <summary>Versioned SQL migrations: applied once, in order, atomically, and never edited after the fact.</summary>
public sealed class MigrationTests
{
    private static readonly IReadOnlyList<Migration> ProjectMigrations = Migration.FromEmbeddedResources(typeof(TestDatabase).Assembly);

    private static SchemaMigrator Migrator(TestDatabase database, IReadOnlyList<Migration>? migrations = null) =>
        new(database.DataSource, migrations ?? ProjectMigrations, NullLogger<SchemaMigrator>.Instance);

    [Fact]
    public async Task ProjectScriptsAreFoundInVersionOrder()
    {
        Assert.NotEmpty(ProjectMigrations);
        Assert.Equal(1, ProjectMigrations[0].Version);
        Assert.Equal(ProjectMigrations.Select(m => m.Version).Order(), ProjectMigrations.Select(m => m.Version));
        await Task.CompletedTask;
    }

    [Fact]
    public async Task FreshDatabaseIsMigratedAndASecondRunAppliesNothing()
    {
        var database = await TestDatabase.CreateAsync("migrate", migrate: false);
        Assert.False((await Migrator(database).GetStatusAsync(default)).IsCurrent);

        var first = await Migrator(database).ApplyAsync(default);
        var second = await Migrator(database).ApplyAsync(default);

        Assert.Equal(ProjectMigrations.Select(m => m.Version), first.Select(m => m.Version));
        Assert.Empty(second);
        Assert.True((await Migrator(database).GetStatusAsync(default)).IsCurrent);
        Assert.True(await database.ScalarAsync<bool>("select to_regclass('grain_state') is not null"));
    }

    [Fact]
    public async Task JsonColumnsAreCompressedWithLz4IncludingLaterPartitions()
    {
        var database = await TestDatabase.CreateAsync("lz4");
        await database.ScalarAsync<string>("select lottopar_ensure_monthly_partitions('betting_events', date '2031-01-01', 1)::text");

        var columns = await database.ScalarAsync<string>("""
            select string_agg(c.relname || '.' || a.attname || '=' || coalesce(nullif(a.attcompression::text, ''), '-'), ' ' order by c.relname)
            from pg_attribute a join pg_class c on c.oid = a.attrelid
            where (c.relname in ('grain_state', 'stream_events') or c.relname like 'betting_events%')
              and a.attname in ('state', 'payload') and c.relkind in ('r', 'p')
            """);

        Assert.Contains("betting_events_2031_01.payload=l", columns);
        Assert.DoesNotContain("=p", columns);
        Assert.DoesNotContain("=-", columns);
        Assert.Contains("grain_state.state=l", columns);
        Assert.Contains("stream_events.payload=l", columns);
    }

    [Fact]
    public async Task TheLogsAreAnalyzedFromASmallSampleIncludingLaterPartitions()
    {
        var database = await TestDatabase.CreateAsync("statistics");
        await database.ScalarAsync<string>("select lottopar_ensure_monthly_partitions('betting_events', date '2031-01-01', 1)::text");
        await database.ScalarAsync<string>("select lottopar_ensure_monthly_partitions('betting_events', date '2031-01-01', 2)::text");

        // Each table's columns by their statistics target (-1 is the server's default).
        var targets = await database.ScalarAsync<string>("""
            select string_agg(relname || '=' || targets, ' ' order by relname)
            from (select c.relname, string_agg(distinct a.attstattarget::text, ',') as targets
                  from pg_attribute a join pg_class c on c.oid = a.attrelid
                  where c.relname in ('grain_state', 'stream_events', 'betting_events', 'betting_events_2031_01', 'betting_events_2031_02')
                    and a.attnum > 0 and not a.attisdropped
                  group by c.relname) t
            """);

        Assert.Equal(
            "betting_events=10 betting_events_2031_01=10 betting_events_2031_02=10 grain_state=-1 stream_events=10",
            targets);
    }

    [Fact]
    public async Task GrainStatePagesKeepRoomForRowsThatGrow()
    {
        var database = await TestDatabase.CreateAsync("fillfactor");

        // Sixty new slips of about 740 bytes, then each grows to about 1,110 with its result, the
        // sixty in one transaction: none of the old versions can be pruned, so only free space
        // keeps a grown row on its page (a HOT update).
        await database.ScalarAsync<object>("""
            insert into grain_state (grain_type, grain_key, version, state, updated_at)
            select 'bet_slip', 'OPR-000001/slip-' || n, 1, jsonb_build_object('history', repeat('x', 680)), now()
            from generate_series(1, 60) n
            """);
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var grow = new NpgsqlCommand("""
            update grain_state set state = jsonb_build_object('history', repeat('x', 1050)), version = 2
            where grain_type = 'bet_slip' and grain_key like 'OPR-000001/slip-%'
            """, connection, transaction))
        {
            Assert.Equal(60, await grow.ExecuteNonQueryAsync());
        }

        await using var count = new NpgsqlCommand("select pg_stat_get_xact_tuples_hot_updated('grain_state'::regclass)", connection, transaction);
        var hotShare = (long)(await count.ExecuteScalarAsync())! / 60.0;

        // At the former fillfactor of 80, one slip in eight could grow in place.
        Assert.True(hotShare >= 0.4, $"{hotShare:P0} of the grown slips stayed on their page");
    }

    [Fact]
    public async Task EventStorePartitionsCarryOneIndexPerReadAndNoSlipIndex()
    {
        var database = await TestDatabase.CreateAsync("indexes");
        await database.ScalarAsync<string>("select lottopar_ensure_monthly_partitions('betting_events', date '2031-01-01', 1)::text");

        // The columns of each index, in order: by id, an operator over time, a player's replay.
        var indexes = await database.ScalarAsync<string>("""
            select string_agg(columns, ' ' order by columns)
            from (select substring(pg_get_indexdef(indexrelid) from '\(.*\)$') as columns
                  from pg_index where indrelid in ('betting_events'::regclass, 'betting_events_2031_01'::regclass)) i
            """);

        Assert.Equal(
            "(cpf, player_sequence) (cpf, player_sequence) (event_id, received_at) (event_id, received_at) (oprid, received_at) (oprid, received_at)",
            indexes);
    }

    [Fact]
    public async Task SilosMigratingAtTheSameTimeApplyEachScriptOnce()
    {
        var database = await TestDatabase.CreateAsync("migrate", migrate: false);

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Migrator(database).ApplyAsync(default))));

        Assert.Equal(ProjectMigrations.Count, results.Sum(r => r.Count));
        Assert.Equal(ProjectMigrations.Count, await database.ScalarAsync<long>("select count(*) from schema_migrations"));
    }

    [Fact]
    public async Task FailingScriptLeavesTheSchemaAsItWas()
    {
        var database = await TestDatabase.CreateAsync("migrate", migrate: false);
        var broken = ProjectMigrations.Append(new Migration(9001, "broken", "create table will_vanish (id int); select * from no_such_table;")).ToList();

        await Assert.ThrowsAnyAsync<Npgsql.PostgresException>(() => Migrator(database, broken).ApplyAsync(default));

        Assert.False(await database.ScalarAsync<bool>("select to_regclass('grain_state') is not null"));
        Assert.False(await database.ScalarAsync<bool>("select to_regclass('will_vanish') is not null"));
    }

    [Fact]
    public async Task ScriptChangedAfterItWasAppliedStopsTheMigration()
    {
        var database = await TestDatabase.CreateAsync("migrate");
        var edited = ProjectMigrations.Select(m => m.Version == 1 ? m with { Sql = m.Sql + "\n-- edited" } : m).ToList();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Migrator(database, edited).ApplyAsync(default));

        Assert.Contains("Migration 1", error.Message);
        Assert.Contains("changed after it was applied", error.Message);
        Assert.False((await Migrator(database, edited).GetStatusAsync(default)).IsCurrent);
    }

    [Fact]
    public async Task DatabaseNewerThanTheBuildIsRefused()
    {
        var database = await TestDatabase.CreateAsync("migrate");
        var newer = ProjectMigrations.Append(new Migration(9002, "from_the_future", "select 1;")).ToList();
        await Migrator(database, newer).ApplyAsync(default);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Migrator(database).ApplyAsync(default));

        Assert.Contains("newer than this build", error.Message);
    }
}
