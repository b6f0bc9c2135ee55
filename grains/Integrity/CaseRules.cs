using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Integrity;

namespace Lottopar.Grains.Integrity;

/// <summary>
/// What may happen to a case, pure. A case is opened with at least one alert; a closed case changes no
/// more; escalation goes up to <see cref="MaxLevel"/>; a suspension ends at a later instant (at most a
/// year), when the case reopens; every step goes on the timeline with who and when.
/// </summary>
public static class CaseRules
{
    public const int MaxTitleLength = 200;
    public const int MaxAlerts = 500;
    public const int MaxLevel = 3;
    public const int MaxSuspensionDays = 365;

    public static void Open(IntegrityCaseState state, string title, IReadOnlyList<CaseAlert> alerts, CaseEntry opened)
    {
        var errors = new ValidationErrors();
        errors.Require(!string.IsNullOrWhiteSpace(title) && title.Length <= MaxTitleLength, "title", $"1 to {MaxTitleLength} characters.");
        errors.Require(alerts.Count is > 0 and <= MaxAlerts, "alertIds", $"1 to {MaxAlerts} alerts.");
        errors.ThrowIfAny();
        if (state.Timeline.Count > 0)
        {
            throw new DomainConflictException("id", "The case is open already.");
        }

        state.Title = title.Trim();
        state.Status = CaseStatus.Open;
        state.Level = 1;
        state.OpenedAt = opened.At;
        state.Alerts.AddRange(alerts.DistinctBy(a => a.AlertId));
        state.Timeline.Add(opened);
    }

    public static void AddAlert(IntegrityCaseState state, CaseAlert alert, CaseEntry entry)
    {
        RequireNotClosed(state);
        if (state.Alerts.Any(a => a.AlertId == alert.AlertId))
        {
            return;
        }

        if (state.Alerts.Count >= MaxAlerts)
        {
            throw DomainValidationException.For("alertId", $"A case holds at most {MaxAlerts} alerts.");
        }

        state.Alerts.Add(alert);
        state.Timeline.Add(entry);
    }

    public static void Assign(IntegrityCaseState state, string assignee, CaseEntry entry)
    {
        RequireNotClosed(state);
        state.Assignee = assignee;
        state.Timeline.Add(entry);
    }

    public const int MaxProtocolLength = 100;

    /// <summary>A new category starts the clock of its deadlines; the same one again changes nothing but the timeline.</summary>
    public static void Classify(IntegrityCaseState state, CaseCategory category, CaseEntry entry)
    {
        RequireNotClosed(state);
        if (state.Category != category)
        {
            (state.Category, state.CategorizedAt) = (category, entry.At);
        }

        state.Timeline.Add(entry);
    }

    /// <summary>A report to an authority, with the protocol it gave (a closed case may still be reported).</summary>
    public static CaseReport Report(IntegrityCaseState state, CaseAuthority authority, string? protocol, CaseEntry entry)
    {
        if (state.Timeline.Count == 0)
        {
            throw new DomainNotFoundException("There is no such case.");
        }

        if (string.IsNullOrWhiteSpace(protocol) || protocol.Trim().Length > MaxProtocolLength)
        {
            throw DomainValidationException.For("protocol", $"The authority's protocol number: 1 to {MaxProtocolLength} characters.");
        }

        var report = new CaseReport(authority, protocol.Trim(), entry.At, entry.By);
        state.Reports.Add(report);
        state.Timeline.Add(entry);
        return report;
    }

    public static void Note(IntegrityCaseState state, CaseEntry entry)
    {
        RequireNotClosed(state);
        state.Timeline.Add(entry);
    }

    public static void Escalate(IntegrityCaseState state, CaseEntry entry)
    {
        RequireNotClosed(state);
        if (state.Level >= MaxLevel)
        {
            throw new DomainConflictException("level", $"The case is at the highest level ({MaxLevel}) already.");
        }

        state.Level++;
        state.Timeline.Add(entry);
    }

    public static void Suspend(IntegrityCaseState state, DateTimeOffset until, CaseEntry entry)
    {
        RequireNotClosed(state);
        if (until <= entry.At || until > entry.At.AddDays(MaxSuspensionDays))
        {
            throw DomainValidationException.For("until", $"A later instant, at most {MaxSuspensionDays} days ahead.");
        }

        state.Status = CaseStatus.Suspended;
        state.SuspendedUntil = until;
        state.Timeline.Add(entry);
    }

    /// <summary>Reopens a suspended case whose time has come; false when there is nothing to do.</summary>
    public static bool ReopenIfDue(IntegrityCaseState state, DateTimeOffset now, string by)
    {
        if (state.Status != CaseStatus.Suspended || state.SuspendedUntil > now)
        {
            return false;
        }

        state.Status = CaseStatus.Open;
        state.Timeline.Add(new CaseEntry("reopened", by, now, $"Suspensão até {state.SuspendedUntil:O} terminou."));
        state.SuspendedUntil = null;
        return true;
    }

    public static void Close(IntegrityCaseState state, CaseResolution resolution, CaseEntry entry)
    {
        RequireNotClosed(state);
        state.Status = CaseStatus.Closed;
        state.SuspendedUntil = null;
        state.Resolution = resolution;
        state.Timeline.Add(entry);
    }

    private static void RequireNotClosed(IntegrityCaseState state)
    {
        if (state.Timeline.Count == 0)
        {
            throw new DomainNotFoundException("There is no such case.");
        }

        if (state.Status == CaseStatus.Closed)
        {
            throw new DomainConflictException("status", "The case is closed.");
        }
    }
}
