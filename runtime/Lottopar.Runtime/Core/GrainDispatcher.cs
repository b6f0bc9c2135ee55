using Lottopar.Runtime.Metrics;
using Microsoft.Extensions.Options;

namespace Lottopar.Runtime.Core;

/// <summary>
/// The call path of every grain reference: refuses call cycles, queues the message on the
/// target's activation and bounds the caller's wait. (When silos form a cluster, this is where
/// a call for a grain owned by another silo is forwarded instead of queued.)
/// </summary>
internal sealed class GrainDispatcher(ActivationCatalog catalog, RuntimeInstruments instruments, IOptions<ActorRuntimeOptions> options)
{
    private readonly TimeSpan _timeout = options.Value.CallTimeout;

    public Task<T> InvokeAsync<T>(GrainId target, GrainMethod<T> method, object?[] arguments)
    {
        var chain = CallChain.Current;
        if (chain is not null && chain.Contains(target))
        {
            return Task.FromException<T>(new DeadlockException(
                $"Call cycle: {chain.Describe(catalog.Registry.Describe)} -> {catalog.Registry.Describe(target)} ({method.Name}). " +
                "Grains are not reentrant: a grain cannot be called while it waits on a call that leads back to it."));
        }

        var call = new GrainCall<T>(method, arguments, chain);
        try
        {
            catalog.Enqueue(target, call);
        }
        catch (Exception error) when (error is GrainRuntimeException or InvalidOperationException)
        {
            return Task.FromException<T>(error);
        }

        return WaitAsync(call, target, method.Name);
    }

    /// <summary>Runs an action of the runtime's own (a reminder tick) inside the grain's turn.</summary>
    public async Task InvokeSystemAsync(GrainId target, string description, Func<Grain, Task> action)
    {
        var call = new SystemCall(action);
        catalog.Enqueue(target, call);
        try
        {
            await call.Task.WaitAsync(_timeout).ConfigureAwait(false);
        }
        catch (TimeoutException) when (!call.Task.IsCompleted)
        {
            throw TimedOut(call, target, description);
        }
    }

    private async Task<T> WaitAsync<T>(GrainCall<T> call, GrainId target, string description)
    {
        try
        {
            return await call.Task.WaitAsync(_timeout).ConfigureAwait(false);
        }
        catch (TimeoutException) when (!call.Task.IsCompleted)
        {
            throw TimedOut(call, target, description);
        }
    }

    private GrainCallTimeoutException TimedOut(WorkItem item, GrainId target, string description)
    {
        item.Abandon();
        instruments.CallTimedOut(catalog.Registry.ForName(target.Type));
        return new GrainCallTimeoutException(
            $"{description} on {catalog.Registry.Describe(target)} did not complete within {_timeout.TotalSeconds:0.###} s. " +
            "It may still run; a call not yet started is skipped.");
    }
}
