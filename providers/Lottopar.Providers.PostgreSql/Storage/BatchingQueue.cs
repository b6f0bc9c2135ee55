using System.Threading.Channels;

namespace Lottopar.Providers.PostgreSql.Storage;

/// <summary>
/// Requests that arrive while every slot is busy wait together and go to the executor as one
/// batch when a slot frees: the storage's group commit (one transaction, one round trip for many
/// grains' writes) and its grouped state reads. Under light load a request finds a free slot and
/// goes alone, so batching adds no latency; under heavy load the per-round-trip cost is shared by
/// the whole batch.
/// </summary>
/// <remarks>
/// The executor receives the batch and must complete every item (with a result or an
/// exception); an exception escaping it fails the items it left open. A request cancelled
/// before its batch starts is dropped from it; once the batch has started it runs to its end.
/// </remarks>
public sealed class BatchingQueue<TRequest, TResult> : IAsyncDisposable
{
    private readonly Channel<BatchedRequest<TRequest, TResult>> _queue =
        Channel.CreateUnbounded<BatchedRequest<TRequest, TResult>>(new UnboundedChannelOptions { SingleReader = true });

    private readonly Func<IReadOnlyList<BatchedRequest<TRequest, TResult>>, Task> _execute;
    private readonly SemaphoreSlim _slots;
    private readonly int _maxBatchSize;
    private readonly int _concurrency;
    private readonly Task _dispatcher;
    private Task? _disposal;

    /// <param name="execute">Runs one batch; completes each item.</param>
    /// <param name="maxBatchSize">Most requests in one batch.</param>
    /// <param name="concurrency">Batches in flight at once (connections used).</param>
    public BatchingQueue(Func<IReadOnlyList<BatchedRequest<TRequest, TResult>>, Task> execute, int maxBatchSize, int concurrency)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);
        _execute = execute;
        _maxBatchSize = maxBatchSize;
        _concurrency = concurrency;
        _slots = new SemaphoreSlim(concurrency, concurrency);
        _dispatcher = Task.Run(DispatchAsync);
    }

    public Task<TResult> SubmitAsync(TRequest request, CancellationToken cancellationToken)
    {
        var item = new BatchedRequest<TRequest, TResult>(request, cancellationToken);
        if (!_queue.Writer.TryWrite(item))
        {
            throw new ObjectDisposedException(nameof(BatchingQueue<TRequest, TResult>), "The storage is shut down; the request was not run.");
        }

        return item.Task;
    }

    /// <summary>Stops taking requests, lets the queued ones commit, and waits for every batch in flight (idempotent).</summary>
    public ValueTask DisposeAsync() => new(_disposal ??= DrainAsync());

    private async Task DrainAsync()
    {
        _queue.Writer.TryComplete();
        await _dispatcher.ConfigureAwait(false);
        for (var i = 0; i < _concurrency; i++)
        {
            await _slots.WaitAsync().ConfigureAwait(false);
        }

        _slots.Dispose();
    }

    private async Task DispatchAsync()
    {
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            await _slots.WaitAsync().ConfigureAwait(false);
            var batch = new List<BatchedRequest<TRequest, TResult>>();
            while (batch.Count < _maxBatchSize && reader.TryRead(out var item))
            {
                if (item.TryStart())
                {
                    batch.Add(item);
                }
            }

            if (batch.Count == 0)
            {
                _slots.Release();
                continue;
            }

            _ = RunAsync(batch);
        }
    }

    private async Task RunAsync(List<BatchedRequest<TRequest, TResult>> batch)
    {
        try
        {
            await _execute(batch).ConfigureAwait(false);
        }
        catch (Exception error)
        {
            foreach (var item in batch)
            {
                item.Fail(error);
            }
        }
        finally
        {
            _slots.Release();
        }
    }
}

/// <summary>One request waiting in a <see cref="BatchingQueue{TRequest, TResult}"/>.</summary>
public sealed class BatchedRequest<TRequest, TResult>
{
    private const int Queued = 0;
    private const int Started = 1;
    private const int Cancelled = 2;

    private readonly TaskCompletionSource<TResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenRegistration _cancellation;
    private int _phase;

    public BatchedRequest(TRequest request, CancellationToken cancellationToken)
    {
        Request = request;
        if (cancellationToken.CanBeCanceled)
        {
            _cancellation = cancellationToken.Register(() =>
            {
                if (Interlocked.CompareExchange(ref _phase, Cancelled, Queued) == Queued)
                {
                    _completion.TrySetCanceled(cancellationToken);
                }
            });
        }
    }

    public TRequest Request { get; }

    public Task<TResult> Task => _completion.Task;

    public void Complete(TResult result)
    {
        _cancellation.Dispose();
        _completion.TrySetResult(result);
    }

    public void Fail(Exception error)
    {
        _cancellation.Dispose();
        _completion.TrySetException(error);
    }

    /// <summary>Claims the item for a batch; false when its caller cancelled first.</summary>
    internal bool TryStart() => Interlocked.CompareExchange(ref _phase, Started, Queued) == Queued;
}
