namespace Lottopar.Runtime.Core;

/// <summary>
/// The call path of every grain reference: refuses call cycles and queues the message on the
/// target's activation. The caller waits on the call's own task; the catalog's sweeper fails it
/// with a timeout if it takes too long (no timer per call). (When silos form a cluster, this is
/// where a call for a grain owned by another silo is forwarded instead of queued.)
/// </summary>
internal sealed class GrainDispatcher(ActivationCatalog catalog)
{
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

        return call.Task;
    }

    /// <summary>Runs an action of the runtime's own (a reminder tick) inside the grain's turn.</summary>
    public Task InvokeSystemAsync(GrainId target, string description, Func<Grain, Task> action)
    {
        var call = new SystemCall(description, action);
        catalog.Enqueue(target, call);
        return call.Task;
    }
}
