using Lottopar.Providers.PostgreSql.Hosting;
using Lottopar.Providers.PostgreSql.Metrics;
using Lottopar.Providers.PostgreSql.Streams;
using Lottopar.Providers.Tests.Storage;
using Lottopar.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using StreamId = Lottopar.Providers.Abstractions.StreamId;
using static Lottopar.Providers.Tests.Streams.StreamLogQueries;

namespace Lottopar.Providers.Tests.Streams;

/// <summary>
/// An archive that keeps its namespace's payloads: the stream log stores only a reference, the
/// archive the whole payload, and a projection still receives the whole event. Every write path is
/// covered: one grain's write, a group commit of many grains, events without a state write.
/// </summary>
public sealed class ArchivedPayloadTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private string _table = null!;
    private string _namespace = null!;
    private readonly string _stream = NewKey();

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.SharedAsync();
        _table = $"kept_{NewKey()}";
        _namespace = NewKey();
        await using var create = _database.DataSource.CreateCommand($"create table {_table} (stream_event_id bigint primary key, payload jsonb not null)");
        await create.ExecuteNonQueryAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private ArchivedPayload KeptByStreamEventId => new(
        ReferenceSql: "jsonb_build_object('archivedAs', id)",
        ResolveSql: $"select k.payload from {_table} k where k.stream_event_id = (s.payload->>'archivedAs')::bigint");

    // One write slot, so concurrent writes of many grains share group commits.
    private Task<StorageSilo> StartSiloAsync() => StorageSilo.StartAsync(
        _database,
        p => p.AddStreamArchive(_namespace, $"insert into {_table} (stream_event_id, payload) select id, payload from published where stream_namespace = '{_namespace}'", KeptByStreamEventId)
              .AddStreamProjection<RecordingProjection, Deposited>(NewKey(), _namespace),
        o => o.StorageWriteConcurrency = 1);

    [Fact]
    public async Task The_stream_log_keeps_a_reference_and_projections_get_the_whole_event()
    {
        await using var silo = await StartSiloAsync();
        var tellers = Enumerable.Range(0, 40).Select(_ => NewKey()).ToList();
        var metrics = silo.Services.GetRequiredService<PlatformMetricsCollector>();
        var groupCommitsBefore = metrics.Snapshot().Storage.Batches;

        await silo.Grains.GetGrain<ITellerGrain>(tellers[0]).DepositAsync(_namespace, _stream, 1);
        await Task.WhenAll(tellers.Select((t, i) => silo.Grains.GetGrain<ITellerGrain>(t).DepositAsync(_namespace, _stream, 100 + i)));
        await silo.Grains.GetGrain<ITellerGrain>(tellers[1]).AppendOnlyAsync(_namespace, _stream, 7);

        Assert.True(metrics.Snapshot().Storage.Batches - groupCommitsBefore < 41, "no write shared a group commit");
        Assert.Equal(42, await _database.ScalarAsync<long>(
            "select count(*) from stream_events where stream_namespace = $1 and payload = jsonb_build_object('archivedAs', id)", _namespace));
        Assert.Equal(42, await _database.ScalarAsync<long>(
            $"select count(*) from {_table} k join stream_events s on s.id = k.stream_event_id where k.payload ? 'amount' and s.stream_namespace = $1", _namespace));
        var projection = silo.Services.GetRequiredService<RecordingProjection>();
        await Eventually.HoldsAsync(() => projection.Received.Count >= 42, "all 42 events arrive");
        var expected = new long[] { 1, 7 }.Concat(Enumerable.Range(100, 40).Select(i => (long)i)).Order();
        Assert.Equal(expected, projection.Received.Select(e => e.Item.Amount).Order());
        Assert.Equal(tellers[0], projection.Received.First(e => e.Item.Amount == 1).Item.Account);
    }

    [Fact]
    public async Task A_stream_event_whose_archived_payload_is_missing_is_not_delivered_empty()
    {
        await using var silo = await StartSiloAsync();
        await silo.Grains.GetGrain<ITellerGrain>(NewKey()).DepositAsync(_namespace, _stream, 3);
        await using (var lose = _database.DataSource.CreateCommand($"delete from {_table}"))
        {
            await lose.ExecuteNonQueryAsync();
        }

        var log = silo.Services.GetRequiredService<IStreamLog>();
        var partition = StreamPartitioner.PartitionOf(new StreamId(_namespace, _stream));

        // The log hands out an event only once every older transaction has ended, and other tests
        // share this database: read until the event is due. It must then fail, never come back empty.
        var outcome = await Eventually.HoldsAsync(
            () => ReadOutcomeAsync(log, partition),
            o => o.Error is not null || o.Delivered > 0,
            "the event is due to its readers");
        Assert.Equal(0, outcome.Delivered);
        Assert.Contains(_namespace, outcome.Error!.Message);
    }

    private async Task<(int Delivered, InvalidDataException? Error)> ReadOutcomeAsync(IStreamLog log, int partition)
    {
        try
        {
            var batch = await log.ReadAfterAsync(_namespace, partition, StreamPosition.Start, 10, CancellationToken.None);
            return (batch.Events.Count, null);
        }
        catch (InvalidDataException error)
        {
            return (0, error);
        }
    }

    [Fact]
    public void Only_one_archive_of_a_namespace_keeps_its_payloads()
    {
        var builder = new PostgresProvidersBuilder().AddStreamArchive("n", "select 1", KeptByStreamEventId);

        Assert.Throws<InvalidOperationException>(() => builder.AddStreamArchive("n", "select 2", KeptByStreamEventId));
        builder.AddStreamArchive("n", "select 3");
        builder.AddStreamArchive("other", "select 4", KeptByStreamEventId);
    }
}
