using Lottopar.GrainInterfaces.Audit;
using Lottopar.GrainInterfaces.Common;
using Lottopar.Providers.Abstractions;
using UniqueKeyConflictException = Lottopar.Providers.Abstractions.UniqueKeyConflictException;
using Orleans;
using Orleans.Runtime;

namespace Lottopar.Grains.Common;

/// <summary>
/// An Orleans grain whose every change is audited: the audit entry goes into the state's outbox and
/// commits with the state in one statement (our storage provider), and a unique value another grain
/// holds becomes a 409 naming the request's field.
/// </summary>
public abstract class OrleansAuditedGrain<TState>(IPersistentState<TState> state, TimeProvider clock) : Grain
    where TState : class, IHasOutbox, new()
{
    /// <summary>The event name of audit entries on the audit stream.</summary>
    public const string AuditEventName = nameof(AuditEntry);

    private static readonly Dictionary<string, (string Field, string What)> NoUniqueFields = [];

    protected TimeProvider Clock { get; } = clock;

    protected TState State => state.State;

    protected bool RecordExists => state.RecordExists;

    /// <summary>The audit log's target type ("operator", "api_key"...).</summary>
    protected abstract string AuditTargetType { get; }

    /// <summary>Unique-key scope to (request field, what to call it in the message).</summary>
    protected virtual IReadOnlyDictionary<string, (string Field, string What)> UniqueFields => NoUniqueFields;

    /// <summary>Adds an audit entry to the outbox; it commits with the next write of the state.</summary>
    protected void PublishAudit(Actor actor, string action, string targetId, object? before, object? after, string? reason = null)
    {
        var entry = AuditTrail.Entry(Clock, actor, action, AuditTargetType, targetId, before, after, reason);
        State.Outbox.Publish(AuditTrail.StreamFor(AuditTargetType, this.GetPrimaryKeyString()), AuditEventName, entry, entry.At);
    }

    /// <summary>Writes the state with its audit entry in one transaction.</summary>
    protected async Task SaveAuditedAsync(Actor actor, string action, string targetId, object? before, object? after, string? reason = null)
    {
        PublishAudit(actor, action, targetId, before, after, reason);
        await WriteStateAsync();
    }

    /// <summary>Writes the state and whatever its outbox holds; a unique value another grain holds is a 409.</summary>
    protected async Task WriteStateAsync()
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception error) when (ConflictIn(error) is { } conflict)
        {
            // A refusal, but after the change in memory: this activation goes, so the next call
            // reloads the stored state (the failed-call guard keeps activations after refusals).
            this.DeactivateOnIdle();
            throw conflict.ToConflict(UniqueFields);
        }
    }

    /// <summary>Orleans wraps what a storage provider throws; the conflict is the error or its cause.</summary>
    private static UniqueKeyConflictException? ConflictIn(Exception error) =>
        error as UniqueKeyConflictException ?? error.InnerException as UniqueKeyConflictException;
}
