using System.Text.Json;
using System.Text.Json.Serialization;
using Lottopar.GrainInterfaces.Audit;
using Lottopar.GrainInterfaces.Common;
using Lottopar.Providers.Abstractions;

namespace Lottopar.Grains.Common;

/// <summary>Builds audit entries: snapshots of views (never of state holding secrets).</summary>
public static class AuditTrail
{
    // Enums as words ("pending", not 0): the audit log is read by people.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static StreamId StreamFor(string targetType, string targetId) => new(AuditStreams.Namespace, $"{targetType}/{targetId}");

    /// <summary>Commits an entry made outside a grain (a read LOTTOPAR audits), published as <paramref name="publisherType"/>/the actor.</summary>
    public static Task RecordAsync(IStreamEventLog log, string publisherType, AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(entry);
        return log.AppendAsync(Orleans.Runtime.GrainId.Create(publisherType, entry.Actor.Id), StreamFor(entry.TargetType, entry.TargetId), nameof(AuditEntry), entry, entry.At);
    }

    public static AuditEntry Entry(
        TimeProvider clock, Actor actor, string action, string targetType, string targetId, object? before, object? after, string? reason = null) =>
        new(clock.GetUtcNow(), actor, action, targetType, targetId, Snapshot(before), Snapshot(after), reason);

    private static JsonElement? Snapshot(object? view) => view is null ? null : JsonSerializer.SerializeToElement(view, view.GetType(), Json);
}
