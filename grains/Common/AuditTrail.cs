using System.Text.Json;
using Lottopar.GrainInterfaces.Audit;
using Lottopar.GrainInterfaces.Common;
using Lottopar.Runtime.Streams;

namespace Lottopar.Grains.Common;

/// <summary>Builds audit entries: snapshots of views (never of state holding secrets).</summary>
public static class AuditTrail
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static StreamId StreamFor(string targetType, string targetId) => new(AuditStreams.Namespace, $"{targetType}/{targetId}");

    public static AuditEntry Entry(
        TimeProvider clock, Actor actor, string action, string targetType, string targetId, object? before, object? after, string? reason = null) =>
        new(clock.GetUtcNow(), actor, action, targetType, targetId, Snapshot(before), Snapshot(after), reason);

    private static JsonElement? Snapshot(object? view) => view is null ? null : JsonSerializer.SerializeToElement(view, view.GetType(), Json);
}
