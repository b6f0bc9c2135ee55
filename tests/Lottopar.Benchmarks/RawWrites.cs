using Npgsql;

namespace Lottopar.Benchmarks;

/// <summary>
/// The raw baseline of the write benchmarks: each worker updates its own row of
/// <c>bench_raw</c> directly with Npgsql, one versioned single-row UPDATE of a small JSON state
/// per commit, as a plain service would write it.
/// </summary>
internal sealed class RawWrites
{
    public const int MaxWriters = 64;

    private const string Update = """
        update bench_raw set state = $2, version = version + 1, updated_at = $3
        where id = $1 and version = $4
        returning version
        """;

    private readonly NpgsqlDataSource _dataSource;
    private readonly long[] _versions = new long[MaxWriters];

    private RawWrites(NpgsqlDataSource dataSource) => _dataSource = dataSource;

    public static async Task<RawWrites> CreateAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand($$"""
            create table bench_raw (id integer primary key, version bigint not null, state jsonb, updated_at timestamptz not null) with (fillfactor = 80);
            insert into bench_raw select i, 0, '{}', now() from generate_series(0, {{MaxWriters - 1}}) as i;
            """);
        await command.ExecuteNonQueryAsync();
        return new RawWrites(dataSource);
    }

    /// <summary>Starts every row again from version 0 and an empty state.</summary>
    public async Task ResetAsync()
    {
        await using var command = _dataSource.CreateCommand("update bench_raw set version = 0, state = '{}'");
        await command.ExecuteNonQueryAsync();
        Array.Clear(_versions);
    }

    /// <summary>One write of the worker's row; the total in its state is the row's new version.</summary>
    public async Task WriteAsync(int worker)
    {
        var version = _versions[worker];
        await using var command = _dataSource.CreateCommand(Update);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = worker });
        command.Parameters.Add(new NpgsqlParameter { Value = $$"""{"total":{{version + 1}},"note":"benchmark"}""", NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Jsonb });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = DateTimeOffset.UtcNow });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = version });
        _versions[worker] = (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The stored total of each of the first <paramref name="workers"/> rows, as the table holds it.</summary>
    public async Task<long[]> TotalsAsync(int workers)
    {
        var totals = new long[workers];
        await using var command = _dataSource.CreateCommand("select id, (state->>'total')::bigint from bench_raw where id < $1");
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = workers });
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            totals[reader.GetInt32(0)] = reader.IsDBNull(1) ? 0 : reader.GetInt64(1);
        }

        return totals;
    }
}
