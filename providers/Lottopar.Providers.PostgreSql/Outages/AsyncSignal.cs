namespace Lottopar.Providers.PostgreSql.Outages;

/// <summary>
/// An auto-reset wake-up for one waiting loop. A <see cref="Set"/> is never lost: either it wakes
/// the waiter, or the waiter is already awake and about to do the work the signal asks for.
/// </summary>
public sealed class AsyncSignal : IDisposable
{
    private readonly SemaphoreSlim _semaphore = new(0, 1);
    private int _signaled;

    public void Set()
    {
        if (Interlocked.Exchange(ref _signaled, 1) == 0)
        {
            _semaphore.Release();
        }
    }

    /// <summary>Waits for a signal; false when the timeout passed first.</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var signaled = await _semaphore.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        if (signaled)
        {
            Interlocked.Exchange(ref _signaled, 0);
        }

        return signaled;
    }

    public void Dispose() => _semaphore.Dispose();
}
