using System.Globalization;
using Npgsql;

namespace Lottopar.Benchmarks;

/// <summary>
/// CPU time and allocation of the processes under test, and the transactions PostgreSQL finished
/// in the silo's database (each a round trip at least), cumulative; slices subtract two of them.
/// </summary>
public sealed record ProcessCosts(double SiloCpuMs, long SiloAllocatedBytes, double PostgresCpuMs, double LoadCpuMs, long PostgresTransactions)
{
    public static ProcessCosts operator -(ProcessCosts after, ProcessCosts before) => new(
        after.SiloCpuMs - before.SiloCpuMs,
        after.SiloAllocatedBytes - before.SiloAllocatedBytes,
        after.PostgresCpuMs - before.PostgresCpuMs,
        after.LoadCpuMs - before.LoadCpuMs,
        after.PostgresTransactions - before.PostgresTransactions);
}

/// <summary>
/// The CPU time of a PostgreSQL cluster on this machine: its postmaster and every process it
/// started (backends, WAL writer, checkpointer), from /proc. A backend that exits takes its time
/// with it, so this counts what the pooled connections and the server's own processes used.
/// </summary>
public sealed class PostgresCpu : IAsyncDisposable
{
    private const double MillisecondsPerTick = 10; // USER_HZ is 100 on Linux

    private readonly int _postmaster;
    private readonly NpgsqlDataSource _dataSource;

    private PostgresCpu(int postmaster, NpgsqlDataSource dataSource) => (_postmaster, _dataSource) = (postmaster, dataSource);

    public static async Task<PostgresCpu> FindAsync(string connectionString)
    {
        var dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = 1, ApplicationName = "lottopar-bench-costs" }.ConnectionString);
        await using var command = dataSource.CreateCommand("select pg_backend_pid()");
        var backend = (int)(await command.ExecuteScalarAsync())!;
        return new PostgresCpu(Stat(backend)!.Value.ParentPid, dataSource);
    }

    /// <summary>
    /// Transactions committed or rolled back in the database so far, as the statistics report them
    /// (a busy backend reports at most once a second, so a slice's count is late by that much).
    /// </summary>
    public async Task<long> TransactionsAsync()
    {
        await using var command = _dataSource.CreateCommand("select xact_commit + xact_rollback from pg_stat_database where datname = current_database()");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    /// <summary>Milliseconds of CPU (user and system) used so far by the cluster's live processes.</summary>
    public double TotalMs()
    {
        var ticks = 0L;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out var pid) && Stat(pid) is { } stat && (pid == _postmaster || stat.ParentPid == _postmaster))
            {
                ticks += stat.Ticks;
            }
        }

        return ticks * MillisecondsPerTick;
    }

    /// <summary>The parent and the user + system ticks of a process, or null when it has gone.</summary>
    private static (int ParentPid, long Ticks)? Stat(int pid)
    {
        string line;
        try
        {
            line = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }

        // The command name is in parentheses and may hold spaces: the fields are counted after it.
        var fields = line[(line.LastIndexOf(')') + 2)..].Split(' ');
        return (int.Parse(fields[1], CultureInfo.InvariantCulture),
            long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture));
    }
}
