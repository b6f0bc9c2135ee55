using Lottopar.Runtime.Streams;

namespace Lottopar.Runtime;

/// <summary>
/// Base class of every grain. One activation per grain; its calls run one at a time, in order.
/// </summary>
public abstract class Grain
{
    private IGrainContext? _context;

    internal IGrainContext Context =>
        _context ?? throw new InvalidOperationException("This grain was not created by the runtime.");

    internal void Attach(IGrainContext context) => _context = context;

    public GrainId GrainId => Context.GrainId;

    protected IGrainFactory GrainFactory => Context.GrainFactory;

    public string GetPrimaryKeyString() => Context.GrainId.Key;

    /// <summary>Runs before the first call of this activation, after its state was read.</summary>
    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs when the activation is collected. Not run if the process dies: never rely on it to save state.</summary>
    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Asks the runtime to deactivate this grain once the current call ends.</summary>
    protected void DeactivateOnIdle() => Context.DeactivateOnIdle();

    /// <summary>
    /// A stream this grain can publish to. Events published during a call are committed in the
    /// same transaction as the call's next state write, or on their own when the call ends
    /// successfully; a failed call publishes nothing it had not yet written.
    /// </summary>
    protected IAsyncStream<T> GetStream<T>(StreamId stream) => new GrainStream<T>(Context, stream);

    /// <summary>Registers (or replaces) a durable reminder; see <see cref="Reminders.IRemindable"/>.</summary>
    protected Task RegisterOrUpdateReminderAsync(string name, TimeSpan dueTime, TimeSpan? period) =>
        Context.RegisterOrUpdateReminderAsync(name, dueTime, period);

    /// <summary>Removes a reminder; false when there was none of that name.</summary>
    protected Task<bool> UnregisterReminderAsync(string name) => Context.UnregisterReminderAsync(name);

    /// <summary>Hook for <see cref="Grain{TState}"/>: reads state before OnActivateAsync.</summary>
    internal virtual Task LoadStateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private sealed class GrainStream<T>(IGrainContext context, StreamId id) : IAsyncStream<T>
    {
        public StreamId StreamId => id;

        public Task OnNextAsync(T item)
        {
            context.PublishToStream(id, item);
            return Task.CompletedTask;
        }
    }
}

/// <summary>
/// A grain with persistent state, stored as JSON in PostgreSQL with a version column (ETag).
/// </summary>
public abstract class Grain<TState> : Grain where TState : class, new()
{
    private long _version;

    /// <summary>The state; a new <typeparamref name="TState"/> until the first write.</summary>
    protected TState State { get; set; } = new();

    /// <summary>True when stored state exists (written and not cleared).</summary>
    protected bool RecordExists { get; private set; }

    /// <summary>The stored version this activation read or last wrote (0: never written).</summary>
    protected long StateVersion => _version;

    internal override Task LoadStateAsync(CancellationToken cancellationToken) => ReadStateAsync(cancellationToken);

    /// <summary>Reloads the state from storage, dropping unsaved changes.</summary>
    protected async Task ReadStateAsync(CancellationToken cancellationToken = default)
    {
        var stored = await Context.ReadStateAsync(typeof(TState), cancellationToken);
        State = stored.State as TState ?? new TState();
        RecordExists = stored.State is not null;
        _version = stored.Version;
    }

    /// <summary>
    /// Durably stores the state, with the stream events published so far in this call and the
    /// grain's unique keys, in one transaction. Throws <see cref="InconsistentStateException"/> if
    /// another writer got there first, <see cref="UniqueKeyConflictException"/> if another grain
    /// holds one of the keys; either way nothing was written.
    /// </summary>
    protected async Task WriteStateAsync(CancellationToken cancellationToken = default)
    {
        _version = await Context.WriteStateAsync(State, _version, GetUniqueKeys(), cancellationToken);
        RecordExists = true;
    }

    /// <summary>Clears the stored state; the version keeps growing, so a stale writer still fails.</summary>
    protected async Task ClearStateAsync(CancellationToken cancellationToken = default)
    {
        var cleared = new TState();
        _version = await Context.WriteStateAsync(null, _version, GetUniqueKeys() is null ? null : [], cancellationToken);
        State = cleared;
        RecordExists = false;
    }

    /// <summary>
    /// The natural keys this grain holds, claimed with every state write (keys no longer listed are
    /// released). Null (the default) means the grain holds no unique keys.
    /// </summary>
    protected virtual IReadOnlyCollection<UniqueKey>? GetUniqueKeys() => null;
}
