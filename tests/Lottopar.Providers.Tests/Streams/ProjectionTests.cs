using Lottopar.Providers.PostgreSql.Hosting;
using Lottopar.Providers.Tests.Storage;
using Lottopar.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using static Lottopar.Providers.Tests.Streams.StreamLogQueries;

namespace Lottopar.Providers.Tests.Streams;

/// <summary>Stream projections: services that receive whole batches in log order, at least once.</summary>
public sealed class ProjectionTests
{
    private static Action<PostgresProvidersBuilder> ProjectionOf(string streamNamespace, string subscription) =>
        p => p.AddStreamProjection<RecordingProjection, Deposited>(subscription, streamNamespace);

    [Fact]
    public async Task A_projection_receives_every_event_in_log_order()
    {
        var ns = NewKey();
        await using var silo = await StorageSilo.StartAsync(await TestDatabase.SharedAsync(), ProjectionOf(ns, NewKey()));
        var teller = NewKey();

        for (var i = 0; i < 25; i++)
        {
            await silo.Grains.GetGrain<ITellerGrain>(teller).DepositAsync(ns, teller, 1);
        }

        var projection = silo.Services.GetRequiredService<RecordingProjection>();
        await Eventually.HoldsAsync(() => projection.Received.Count == 25, "every event is projected");
        Assert.Equal(Enumerable.Range(1, 25).Select(i => (long)i), projection.Received.Select(e => e.Item.Sequence));
        Assert.Equal(projection.Received.Select(e => e.Info.Position).Order(), projection.Received.Select(e => e.Info.Position));
    }

    [Fact]
    public async Task A_poison_event_is_isolated_and_the_rest_of_its_batch_lands()
    {
        var (ns, subscription, teller) = (NewKey(), NewKey(), NewKey());
        var database = await TestDatabase.SharedAsync();
        await using var silo = await StorageSilo.StartAsync(database, ProjectionOf(ns, subscription), o => o.StreamMaxAttempts = 2);
        var projection = silo.Services.GetRequiredService<RecordingProjection>();
        projection.Refuse = e => e.Amount < 0;

        // One transaction: the three become visible to readers at once, so they are one batch.
        await using (var outside = await database.DataSource.OpenConnectionAsync())
        {
            await using var transaction = await outside.BeginTransactionAsync();
            await outside.InsertEventAsync(ns, teller, new Deposited(teller, 1, 5));
            await outside.InsertEventAsync(ns, teller, new Deposited(teller, 2, -1));
            await outside.InsertEventAsync(ns, teller, new Deposited(teller, 3, 7));
            await transaction.CommitAsync();
        }

        await Eventually.HoldsAsync(() => projection.Received.Count == 2, "the two good events are projected");
        Assert.Equal([5L, 7L], projection.Received.Select(e => e.Item.Amount));
        await Eventually.HoldsAsync(
            () => database.ScalarAsync<long>("select count(*) from stream_dead_letters where subscription = $1", subscription), n => n == 1, "the poison event is dead-lettered");
    }

    [Fact]
    public async Task A_projection_of_a_named_event_gets_the_events_of_that_name_only()
    {
        var (ns, subscription, teller) = (NewKey(), NewKey(), NewKey());
        var database = await TestDatabase.SharedAsync();
        await using var silo = await StorageSilo.StartAsync(database, p => p.AddStreamProjection<WithdrawnProjection, Withdrawn>(subscription, ns));
        var projection = silo.Services.GetRequiredService<WithdrawnProjection>();

        // One transaction, one batch: a withdrawal between two events of another kind, which would not read as one.
        await using (var outside = await database.DataSource.OpenConnectionAsync())
        {
            await using var transaction = await outside.BeginTransactionAsync();
            await outside.InsertEventAsync(ns, teller, new Deposited(teller, 1, 5));
            await outside.InsertEventAsync(ns, teller, Withdrawn.Name, new Withdrawn(teller, 3));
            await outside.InsertEventAsync(ns, teller, "something_else", new { note = "not a withdrawal" });
            await transaction.CommitAsync();
        }

        var last = await database.ScalarAsync<long>("select max(id) from stream_events where stream_namespace = $1", ns);
        await Eventually.HoldsAsync(() => database.CheckpointAsync(subscription), p => p.EventId == last, "the subscription is past the three events");
        Assert.Equal([(teller, 3L)], projection.Received.Select(e => (e.Item.Account, e.Item.Amount)));
        Assert.Equal(0, await database.ScalarAsync<long>("select count(*) from stream_dead_letters where subscription = $1", subscription));
    }

    [Fact]
    public async Task An_event_met_during_a_database_outage_waits_for_it_instead_of_being_dead_lettered()
    {
        var (ns, subscription, teller) = (NewKey(), NewKey(), NewKey());
        var database = await TestDatabase.SharedAsync();
        await using var silo = await StorageSilo.StartAsync(database, ProjectionOf(ns, subscription), o => o.StreamMaxAttempts = 2);
        var projection = silo.Services.GetRequiredService<RecordingProjection>();
        var outageFailures = 3;
        projection.Outage = () => Interlocked.Decrement(ref outageFailures) >= 0;

        await silo.Grains.GetGrain<ITellerGrain>(teller).DepositAsync(ns, teller, 5);

        await Eventually.HoldsAsync(() => projection.Received.Count == 1, "the event is projected once the database is back");
        Assert.Equal(0, await database.ScalarAsync<long>("select count(*) from stream_dead_letters where subscription = $1", subscription));
    }
}
