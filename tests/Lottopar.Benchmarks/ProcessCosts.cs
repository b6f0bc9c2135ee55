using System.Globalization;
using Npgsql;

namespace Lottopar.Benchmarks;

/// <summary>
/// CPU time and allocation of the processes under test, the time the silo and the load generator
/// spent paused for garbage collection, the silo's collections, and the transactions PostgreSQL finished in the silo's
/// database (each a round trip at least), cumulative; slices subtract two of them.
/// </summary>
public sealed record ProcessCosts(
    double SiloCpuMs, long SiloAllocatedBytes, double SiloGcPauseMs, double PostgresCpuMs, double LoadCpuMs, double LoadGcPauseMs, long PostgresTransactions,
    long SiloCollections)
{
    public static ProcessCosts operator -(ProcessCosts after, ProcessCosts before) => new(
        after.SiloCpuMs - before.SiloCpuMs,
        after.SiloAllocatedBytes - before.SiloAllocatedBytes,
        after.SiloGcPauseMs - before.SiloGcPauseMs,
        after.PostgresCpuMs - before.PostgresCpuMs,
        after.LoadCpuMs - before.LoadCpuMs,
        after.LoadGcPauseMs - before.LoadGcPauseMs,
        after.PostgresTransactions - before.PostgresTransactions,
        after.SiloCollections - before.SiloCollections);
}

/// <summary>
/// The CPU time of a PostgreSQL cluster on this machine: its postmaster and every process it
/// started (backends, WAL writer, checkpointer, autovacuum workers), from /proc. A process that
/// has exited is counted through the postmaster, which reaps it: its children's time
/// (cutime, cstime) holds theirs from then on.
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

    /// <summary>Milliseconds of CPU (user and system) used so far by the cluster's processes, live or exited.</summary>
    public double TotalMs()
    {
        var ticks = 0L;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid) || Stat(pid) is not { } stat)
            {
                continue;
            }

            if (pid == _postmaster)
            {
                ticks += stat.Ticks + stat.ReapedChildrenTicks;
            }
            else if (stat.ParentPid == _postmaster)
            {
                ticks += stat.Ticks;
            }
        }

        return ticks * MillisecondsPerTick;
    }

    /// <summary>
    /// The parent, the user + system ticks of a process and those of its children it has waited
    /// for, or null when it has gone.
    /// </summary>
    private static (int ParentPid, long Ticks, long ReapedChildrenTicks)? Stat(int pid)
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
        long Field(int index) => long.Parse(fields[index], CultureInfo.InvariantCulture);
        return (int.Parse(fields[1], CultureInfo.InvariantCulture), Field(11) + Field(12), Field(13) + Field(14));
    }
}
