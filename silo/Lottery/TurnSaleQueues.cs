using Lottopar.GrainInterfaces.Common;
using System.Collections.Concurrent;
using Lottopar.GrainInterfaces.Lottery;
using Lottopar.Grains.Lottery;
using Lottopar.Providers.PostgreSql.Storage;

namespace Lottopar.Silo.Lottery;

/// <summary>
/// The queue at each turn's window. A turn grain sells one call at a time, and each call commits;
/// sales that arrive while it is busy wait here and reach it together as one batch
/// (<see cref="ILotteryTurnGrain.SellManyAsync"/>): one call and one commit for all of them, each
/// POS still answered only after that commit. Under light load a sale goes alone at once.
/// </summary>
public sealed class TurnSaleQueues(Orleans.IGrainFactory grains, TimeProvider clock) : ITurnSaleWindow, IAsyncDisposable
{
    private const int MaxBatch = 64;
    private readonly ConcurrentDictionary<string, BatchingQueue<TicketSale, SaleOutcome>> _queues = new(StringComparer.Ordinal);

    public Task<SaleOutcome> SellAsync(string turnKey, TicketSale sale)
    {
        if (!_queues.TryGetValue(turnKey, out var queue))
        {
            ForgetPastDays();
            queue = _queues.GetOrAdd(turnKey, key => new BatchingQueue<TicketSale, SaleOutcome>(batch => SellBatchAsync(key, batch), MaxBatch, concurrency: 1));
        }

        return queue.SubmitAsync(sale, CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var queue in _queues.Values)
        {
            await queue.DisposeAsync();
        }
    }

    /// <summary>
    /// One grain call for the batch. If it fails (a write refused, e.g. an invoice number another
    /// turn committed a moment earlier), nothing of it was committed, and each sale is tried alone
    /// so that only the faulty one fails.
    /// </summary>
    private async Task SellBatchAsync(string turnKey, IReadOnlyList<BatchedRequest<TicketSale, SaleOutcome>> batch)
    {
        var turn = grains.Keyed<ILotteryTurnGrain>(turnKey);
        if (batch.Count > 1)
        {
            try
            {
                var outcomes = await turn.SellManyAsync([.. batch.Select(b => b.Request)]);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Complete(outcomes[i]);
                }

                return;
            }
            catch (Exception)
            {
                // Fall through: each sale alone.
            }
        }

        foreach (var item in batch)
        {
            try
            {
                item.Complete(await turn.SellAsync(item.Request));
            }
            catch (Exception error)
            {
                item.Fail(error);
            }
        }
    }

    /// <summary>Turns of days before yesterday sell nothing any more: their queues go.</summary>
    private void ForgetPastDays()
    {
        var yesterday = LotteryCalendar.SaleDate(clock.GetUtcNow()).AddDays(-1);
        foreach (var key in _queues.Keys)
        {
            if (TurnKey.Parse(key).Day < yesterday && _queues.TryRemove(key, out var queue))
            {
                _ = queue.DisposeAsync().AsTask();
            }
        }
    }
}
