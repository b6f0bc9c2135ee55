using Lottopar.GrainInterfaces.Audit;
using Lottopar.GrainInterfaces.Common;
using Lottopar.Runtime;

namespace Lottopar.Grains.Common;

/// <summary>
/// A grain whose every change is audited: the audit entry is published in the same transaction as
/// the state, and a unique value another grain holds becomes a 409 naming the request's field.
/// </summary>
public abstract class AuditedGrain<TState>(TimeProvider clock) : Grain<TState> where TState : class, new()
{
    private static readonly Dictionary<string, (string Field, string What)> NoUniqueFields = [];

    protected TimeProvider Clock { get; } = clock;

    /// <summary>The audit log's target type ("operator", "api_key"...).</summary>
    protected abstract string AuditTargetType { get; }

    /// <summary>Unique-key scope to (request field, what to call it in the message).</summary>
    protected virtual IReadOnlyDictionary<string, (string Field, string What)> UniqueFields => NoUniqueFields;

    protected Task PublishAuditAsync(Actor actor, string action, string targetId, object? before, object? after, string? reason = null) =>
        GetStream<AuditEntry>(AuditTrail.StreamFor(AuditTargetType, GetPrimaryKeyString()))
            .OnNextAsync(AuditTrail.Entry(Clock, actor, action, AuditTargetType, targetId, before, after, reason));

    /// <summary>Writes the state with its audit entry in one transaction.</summary>
    protected async Task SaveAuditedAsync(Actor actor, string action, string targetId, object? before, object? after, string? reason = null)
    {
        await PublishAuditAsync(actor, action, targetId, before, after, reason);
        try
        {
            await WriteStateAsync();
        }
        catch (UniqueKeyConflictException conflict)
        {
            throw conflict.ToConflict(UniqueFields);
        }
    }
}
