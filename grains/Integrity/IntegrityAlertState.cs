using Lottopar.GrainInterfaces.Integrity;
using Lottopar.Providers.Abstractions;

namespace Lottopar.Grains.Integrity;

/// <summary>A subject's alert for one rule: the current one (open, acknowledged or closed), and the evidence it holds.</summary>
public sealed class IntegrityAlertState : IHasOutbox
{
    public Guid? AlertId { get; set; }

    public int RuleVersion { get; set; }

    public RuleSeverity Severity { get; set; }

    public AlertSubject? Subject { get; set; }

    public string? Cpf { get; set; }

    public AlertStatus Status { get; set; }

    public long Count { get; set; }

    public DateTimeOffset FirstAt { get; set; }

    public DateTimeOffset LastAt { get; set; }

    public string Summary { get; set; } = "";

    /// <summary>The latest evidence, newest last (at most <see cref="AlertRules.MaxEvidence"/>).</summary>
    public List<AlertEvidence> Evidence { get; set; } = [];

    /// <summary>Keys ("kind:id") of the evidence counted in, the latest <see cref="AlertRules.MaxRemembered"/>: what a redelivery is told by.</summary>
    public List<string> Counted { get; set; } = [];

    public AlertNote? Acknowledgement { get; set; }

    public AlertNote? Closure { get; set; }

    /// <summary>The rule's snooze for this subject: it outlives a closed alert.</summary>
    public AlertSnooze? Snooze { get; set; }

    /// <summary>Orders this alert's changes in the alert table.</summary>
    public long Revision { get; set; }

    [System.Text.Json.Serialization.JsonIgnore]
    public GrainOutbox Outbox { get; } = new();
}
