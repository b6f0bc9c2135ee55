using System.Collections.Concurrent;
using Lottopar.Runtime.Streams;
using Lottopar.Runtime.Tests.Grains;
using Lottopar.Runtime.Tests.Infrastructure;
using Lottopar.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Lottopar.Runtime.Tests;

/// <summary>Stream projections: services that receive whole batches in log order, at least once.</summary>
public sealed class ProjectionTests
{
    private static string NewKey() => Guid.NewGuid().ToString("N");

    [Fact]
    public async Task ProjectionReceivesEveryEventInLogOrder()
    {
        var ns = NewKey();
        await using var silo = await TestSilo.StartAsync(await TestDatabase.SharedAsync(), r => r.AddStreamProjection<RecordingProjection, AccountEvent>(NewKey(), ns));
        var account = NewKey();

        for (var i = 0; i < 25; i++)
        {
            await silo.Grains.GetGrain<IAccountGrain>(account).DepositAsync(ns, account, 1);
        }

        var projection = silo.Services.GetRequiredService<RecordingProjection>();
        await Eventually.HoldsAsync(() => projection.Received.Count == 25, "every event is projected");
        Assert.Equal(Enumerable.Range(1, 25).Select(i => (long)i), projection.Received.Select(e => e.Item.Sequence));
        Assert.Equal(projection.Received.Select(e => e.Info.Position).Order(), projection.Received.Select(e => e.Info.Position));
    }

    [Fact]
    public async Task PoisonEventIsIsolatedAndTheRestOfItsBatchLands()
    {
        var (ns, subscription, account) = (NewKey(), NewKey(), NewKey());
        var database = await TestDatabase.SharedAsync();
        await using var silo = await TestSilo.StartAsync(
            database, r => r.AddStreamProjection<RecordingProjection, AccountEvent>(subscription, ns), o => o.StreamMaxAttempts = 2);
        var projection = silo.Services.GetRequiredService<RecordingProjection>();
        projection.Refuse = e => e.Amount < 0;

        await silo.Grains.GetGrain<IAccountGrain>(account).DepositAsync(ns, account, 5);
        await silo.Grains.GetGrain<IAccountGrain>(account).DepositAsync(ns, account, -1);
        await silo.Grains.GetGrain<IAccountGrain>(account).DepositAsync(ns, account, 7);

        await Eventually.HoldsAsync(() => projection.Received.Count == 2, "the two good events are projected");
        Assert.Equal([5L, 7L], projection.Received.Select(e => e.Item.Amount));
        await Eventually.HoldsAsync(
            () => database.ScalarAsync<long>("select count(*) from stream_dead_letters where subscription = $1", subscription), n => n == 1, "the poison event is dead-lettered");
    }

    [Fact]
    public async Task AnEventMetDuringADatabaseOutageWaitsForItInsteadOfBeingDeadLettered()
    {
        var (ns, subscription, account) = (NewKey(), NewKey(), NewKey());
        var database = await TestDatabase.SharedAsync();
        await using var silo = await TestSilo.StartAsync(
            database, r => r.AddStreamProjection<RecordingProjection, AccountEvent>(subscription, ns), o => o.StreamMaxAttempts = 2);
        var projection = silo.Services.GetRequiredService<RecordingProjection>();
        var outageFailures = 3;
        projection.Outage = () => Interlocked.Decrement(ref outageFailures) >= 0;

        await silo.Grains.GetGrain<IAccountGrain>(account).DepositAsync(ns, account, 5);

        await Eventually.HoldsAsync(() => projection.Received.Count == 1, "the event is projected once the database is back");
        Assert.Equal(0, await database.ScalarAsync<long>("select count(*) from stream_dead_letters where subscription = $1", subscription));
    }

    /// <summary>
    /// Keeps what it was given; refuses a whole batch if it contains an event <see cref="Refuse"/> matches,
    /// and fails as an unreachable database would while <see cref="Outage"/> says so.
    /// </summary>
    public sealed class RecordingProjection : IStreamProjection<AccountEvent>
    {
        private readonly ConcurrentQueue<ProjectedEvent<AccountEvent>> _received = new();

        public Func<AccountEvent, bool> Refuse { get; set; } = _ => false;

        public Func<bool> Outage { get; set; } = () => false;

        public IReadOnlyList<ProjectedEvent<AccountEvent>> Received => [.. _received];

        public Task ProjectAsync(IReadOnlyList<ProjectedEvent<AccountEvent>> batch, CancellationToken cancellationToken)
        {
            if (Outage())
            {
                throw new Npgsql.NpgsqlException("Failed to connect to 127.0.0.1:5432");
            }

            if (batch.Any(e => Refuse(e.Item)))
            {
                throw new InvalidOperationException("refused");
            }

            foreach (var e in batch)
            {
                _received.Enqueue(e);
            }

            return Task.CompletedTask;
        }
    }
}
