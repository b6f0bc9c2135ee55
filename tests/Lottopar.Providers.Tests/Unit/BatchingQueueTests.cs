using Lottopar.Providers.PostgreSql.Storage;
using Xunit;

namespace Lottopar.Providers.Tests.Unit;

/// <summary>The batching queue alone (group commit and grouped reads), with an executor the test controls.</summary>
public sealed class BatchingQueueTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    /// <summary>Records each batch and holds it until the test releases it.</summary>
    private sealed class GatedExecutor
    {
        private readonly object _lock = new();
        private readonly List<TaskCompletionSource> _gates = [];

        public List<int[]> Batches { get; } = [];

        public SemaphoreSlim Started { get; } = new(0);

        public int InFlight;

        public int MostInFlight;

        public async Task ExecuteAsync(IReadOnlyList<BatchedRequest<int, int>> batch)
        {
            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_lock)
            {
                Batches.Add([.. batch.Select(i => i.Request)]);
                _gates.Add(gate);
                MostInFlight = Math.Max(MostInFlight, ++InFlight);
            }

            Started.Release();
            await gate.Task;
            lock (_lock)
            {
                InFlight--;
            }

            foreach (var item in batch)
            {
                item.Complete(item.Request * 10);
            }
        }

        public void ReleaseAll()
        {
            lock (_lock)
            {
                foreach (var gate in _gates)
                {
                    gate.TrySetResult();
                }
            }
        }

        public int BatchCount
        {
            get
            {
                lock (_lock)
                {
                    return Batches.Count;
                }
            }
        }
    }

    [Fact]
    public async Task AloneARequestGoesAtOnceInABatchOfItsOwn()
    {
        var executor = new GatedExecutor();
        await using var commit = new BatchingQueue<int, int>(executor.ExecuteAsync, maxBatchSize: 64, concurrency: 2);

        var result = commit.SubmitAsync(7, CancellationToken.None);
        Assert.True(await executor.Started.WaitAsync(Patience));
        executor.ReleaseAll();

        Assert.Equal(70, await result);
        Assert.Equal([7], Assert.Single(executor.Batches));
    }

    [Fact]
    public async Task RequestsArrivingWhileEverySlotIsBusyShareTheNextBatch()
    {
        var executor = new GatedExecutor();
        await using var commit = new BatchingQueue<int, int>(executor.ExecuteAsync, maxBatchSize: 64, concurrency: 1);

        var first = commit.SubmitAsync(1, CancellationToken.None);
        Assert.True(await executor.Started.WaitAsync(Patience));
        var waiting = Enumerable.Range(2, 20).Select(i => commit.SubmitAsync(i, CancellationToken.None)).ToList();
        executor.ReleaseAll();
        Assert.Equal(10, await first);
        Assert.True(await executor.Started.WaitAsync(Patience));
        executor.ReleaseAll();

        Assert.Equal(Enumerable.Range(2, 20).Select(i => i * 10), await Task.WhenAll(waiting));
        Assert.Equal(2, executor.BatchCount);
        Assert.Equal(Enumerable.Range(2, 20), executor.Batches[1]);
    }

    [Fact]
    public async Task BatchesNeverExceedTheirSizeNorTheSlots()
    {
        var executor = new GatedExecutor();
        await using var commit = new BatchingQueue<int, int>(executor.ExecuteAsync, maxBatchSize: 5, concurrency: 3);

        var results = Enumerable.Range(0, 200).Select(i => commit.SubmitAsync(i, CancellationToken.None)).ToList();
        var finished = Task.WhenAll(results);
        while (!finished.IsCompleted)
        {
            await executor.Started.WaitAsync(TimeSpan.FromMilliseconds(20));
            executor.ReleaseAll();
        }

        Assert.Equal(Enumerable.Range(0, 200).Select(i => i * 10), await finished);
        Assert.All(executor.Batches, b => Assert.InRange(b.Length, 1, 5));
        Assert.InRange(executor.MostInFlight, 1, 3);
        Assert.Equal(Enumerable.Range(0, 200), executor.Batches.SelectMany(b => b).Order());
    }

    [Fact]
    public async Task RequestCancelledBeforeItsBatchStartsIsLeftOut()
    {
        var executor = new GatedExecutor();
        await using var commit = new BatchingQueue<int, int>(executor.ExecuteAsync, maxBatchSize: 64, concurrency: 1);
        var first = commit.SubmitAsync(1, CancellationToken.None);
        Assert.True(await executor.Started.WaitAsync(Patience));

        using var cancel = new CancellationTokenSource();
        var cancelled = commit.SubmitAsync(2, cancel.Token);
        var kept = commit.SubmitAsync(3, CancellationToken.None);
        await cancel.CancelAsync();
        executor.ReleaseAll();
        await first;
        Assert.True(await executor.Started.WaitAsync(Patience));
        executor.ReleaseAll();

        Assert.Equal(30, await kept);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.Equal([3], executor.Batches[1]);
    }

    [Fact]
    public async Task ExecutorFailureFailsTheRequestsItLeftOpen()
    {
        await using var commit = new BatchingQueue<int, int>(
            batch =>
            {
                if (batch[0].Request == 1)
                {
                    batch[0].Complete(1);
                }

                throw new InvalidOperationException("storage down");
            },
            maxBatchSize: 64,
            concurrency: 1);

        var result = await commit.SubmitAsync(1, CancellationToken.None);

        Assert.Equal(1, result);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => commit.SubmitAsync(2, CancellationToken.None));
        Assert.Equal("storage down", error.Message);
    }

    [Fact]
    public async Task DisposingCommitsWhatIsQueuedThenRefusesNewRequests()
    {
        var executor = new GatedExecutor();
        var commit = new BatchingQueue<int, int>(executor.ExecuteAsync, maxBatchSize: 64, concurrency: 1);
        var first = commit.SubmitAsync(1, CancellationToken.None);
        Assert.True(await executor.Started.WaitAsync(Patience));
        var queued = commit.SubmitAsync(2, CancellationToken.None);

        var disposing = commit.DisposeAsync().AsTask();
        Assert.Throws<ObjectDisposedException>(() => { _ = commit.SubmitAsync(3, CancellationToken.None); });
        executor.ReleaseAll();
        Assert.True(await executor.Started.WaitAsync(Patience));
        executor.ReleaseAll();
        await disposing.WaitAsync(Patience);

        Assert.Equal((10, 20), (await first, await queued));
    }
}
