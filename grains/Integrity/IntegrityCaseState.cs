using Lottopar.GrainInterfaces.Integrity;
using Lottopar.Providers.Abstractions;

namespace Lottopar.Grains.Integrity;

public sealed class IntegrityCaseState : IHasOutbox
{
    public string Title { get; set; } = "";

    public CaseStatus Status { get; set; }

    public int Level { get; set; }

    public string? Assignee { get; set; }

    public List<CaseAlert> Alerts { get; set; } = [];

    public List<CaseEntry> Timeline { get; set; } = [];

    public DateTimeOffset OpenedAt { get; set; }

    public DateTimeOffset? SuspendedUntil { get; set; }

    public CaseResolution? Resolution { get; set; }

    public CaseCategory? Category { get; set; }

    public DateTimeOffset? CategorizedAt { get; set; }

    public List<CaseReport> Reports { get; set; } = [];

    public long Revision { get; set; }

    [System.Text.Json.Serialization.JsonIgnore]
    public GrainOutbox Outbox { get; } = new();
}
