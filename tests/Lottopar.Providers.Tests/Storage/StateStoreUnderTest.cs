using Lottopar.Providers.Abstractions;
using Lottopar.Providers.PostgreSql;
using Lottopar.Providers.PostgreSql.Metrics;
using Lottopar.Providers.PostgreSql.Outages;
using Lottopar.Providers.PostgreSql.Storage;
using Lottopar.Providers.PostgreSql.Streams;
using Lottopar.Providers.Tests.Infrastructure;
using Lottopar.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Xunit;
using StreamId = Lottopar.Providers.Abstractions.StreamId;
using UniqueKey = Lottopar.Providers.Abstractions.UniqueKey;

namespace Lottopar.Providers.Tests.Storage;

/// <summary>
/// A <see cref="PostgresStateStore"/> with one write slot and one read slot, its metrics, and the
/// SQL it sends. A test holds a slot busy (<see cref="HoldWriteSlotAsync"/>,
/// <see cref="HoldReadSlotAsync"/>) so that what it submits meanwhile goes as one batch.
/// </summary>
public sealed class StateStoreUnderTest : IAsyncDisposable
{
    public const string GrainType = "test-batched";

    private readonly ProviderInstruments _instruments = new();
    private readonly NpgsqlDataSource _dataSource;
    private readonly ILoggerFactory _loggers;

    private StateStoreUnderTest(TestDatabase database)
    {
        Database = database;
        _loggers = LoggerFactory.Create(logging => Commands.AddTo(logging));
        _dataSource = new NpgsqlDataSourceBuilder(database.ConnectionString).UseLoggerFactory(_loggers).Build();
        Metrics = new PlatformMetricsCollector(_instruments, [], TimeProvider.System);
        Store = new PostgresStateStore(
            _dataSource,
            [],
            Options.Create(new ProviderOptions { StorageWriteConcurrency = 1, StorageReadConcurrency = 1 }),
            _instruments,
            new DatabaseOutage(NullLogger<DatabaseOutage>.Instance, TimeProvider.System),
            new StreamSignals(),
            NullLogger<PostgresStateStore>.Instance);
    }

    public TestDatabase Database { get; }

    public PostgresStateStore Store { get; }

    public PlatformMetricsCollector Metrics { get; }

    /// <summary>Every command the store sent, as Npgsql logs it ("Executing command: ...").</summary>
    public CapturedLogs Commands { get; } = new("Npgsql.Command");

    public static StateStoreUnderTest On(TestDatabase database) => new(database);

    public static StoredGrainId NewGrain() => new(GrainType, Guid.NewGuid().ToString("N"));

    /// <summary>A write of <paramref name="total"/> with one "Added" event on <paramref name="stream"/>.</summary>
    public Task<long?> WriteAsync(StoredGrainId grain, long total, long expectedVersion, string stream, string? nickname = null) =>
        Store.TryWriteAsync(
            grain,
            $$"""{"total": {{total}}}""",
            expectedVersion,
            [Event(grain, stream, total)],
            nickname is null ? null : [new UniqueKey("test-nickname", nickname)],
            DateTimeOffset.UtcNow,
            CancellationToken.None);

    public Task<long> EventsAsync(string stream) =>
        Database.ScalarAsync<long>("select count(*) from stream_events where stream_namespace = $1", stream);

    public Task<long> EventsAsync(string stream, StoredGrainId grain) =>
        Database.ScalarAsync<long>("select count(*) from stream_events where stream_namespace = $1 and stream_key = $2", stream, grain.Key);

    public Task<long> RowsAsync(IEnumerable<StoredGrainId> grains, long version) =>
        Database.ScalarAsync<long>(
            "select count(*) from grain_state where grain_type = $1 and grain_key = any($2) and version = $3",
            GrainType, grains.Select(g => g.Key).ToArray(), version);

    /// <summary>
    /// Keeps the one write slot busy: a write of a grain of its own waits on a row lock until the
    /// returned handle is disposed; everything submitted before then commits as one batch after it.
    /// </summary>
    public async Task<IAsyncDisposable> HoldWriteSlotAsync()
    {
        var blocker = NewGrain();
        Assert.Equal(1, await WriteAsync(blocker, 0, 0, Guid.NewGuid().ToString("N")));
        var holder = await LockAsync($"select 1 from grain_state where grain_type = '{GrainType}' and grain_key = '{blocker.Key}' for update");
        var blocked = WriteAsync(blocker, 1, 1, Guid.NewGuid().ToString("N"));
        return await holder.WaitUntilBlockingAsync(blocked);
    }

    /// <summary>Keeps the one read slot busy behind a lock on the whole table: only for a database of a test's own.</summary>
    public async Task<IAsyncDisposable> HoldReadSlotAsync()
    {
        var holder = await LockAsync("lock table grain_state in access exclusive mode");
        var blocked = Store.ReadAsync(NewGrain(), CancellationToken.None);
        return await holder.WaitUntilBlockingAsync(blocked);
    }

    private async Task<HeldLock> LockAsync(string sql)
    {
        var connection = await Database.DataSource.OpenConnectionAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using (var command = new NpgsqlCommand(sql, connection, transaction))
        {
            await command.ExecuteNonQueryAsync();
        }

        return new HeldLock(Database, connection, transaction);
    }

    private static OutboundStreamEvent Event(StoredGrainId grain, string stream, long total)
    {
        var id = new StreamId(stream, grain.Key);
        return new(id, StreamPartitioner.PartitionOf(id), "Added", $$"""{"total": {{total}}}""", DateTimeOffset.UtcNow, grain);
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        Metrics.Dispose();
        _instruments.Dispose();
        await _dataSource.DisposeAsync();
        _loggers.Dispose();
    }

    private sealed class HeldLock(TestDatabase database, NpgsqlConnection connection, NpgsqlTransaction transaction) : IAsyncDisposable
    {
        private Task? _blocked;

        public async Task<IAsyncDisposable> WaitUntilBlockingAsync(Task blocked)
        {
            _blocked = blocked;
            await Eventually.HoldsAsync(
                () => database.ScalarAsync<long>("select count(*) from pg_stat_activity where $1 = any(pg_blocking_pids(pid))", connection.ProcessID),
                waiting => waiting == 1,
                "the store's request waits on the lock");
            return this;
        }

        public async ValueTask DisposeAsync()
        {
            await transaction.RollbackAsync();
            await connection.DisposeAsync();
            await _blocked!;
        }
    }
}
