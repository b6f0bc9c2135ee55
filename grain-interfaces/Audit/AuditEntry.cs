using System.Text.Json;
using Lottopar.GrainInterfaces.Common;

namespace Lottopar.GrainInterfaces.Audit;

/// <summary>
/// One administrative action: who, when, what, on what, and the target before and after. Grains
/// publish it in the same transaction as the change; the audit log table is built from it.
/// Before/After never hold secrets (password hashes, key hashes, TOTP secrets).
/// </summary>
public sealed record AuditEntry(
    DateTimeOffset At,
    Actor Actor,
    string Action,
    string TargetType,
    string TargetId,
    JsonElement? Before,
    JsonElement? After,
    string? Reason = null);

public static class AuditStreams
{
    /// <summary>Stream namespace of audit entries; the stream key is the target's type and id.</summary>
    public const string Namespace = "audit";
}
