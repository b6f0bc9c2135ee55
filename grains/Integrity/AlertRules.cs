using Lottopar.GrainInterfaces.Integrity;

namespace Lottopar.Grains.Integrity;

/// <summary>
/// How findings become alerts, pure: one alert per rule and subject at a time; a finding counts into
/// the open (or acknowledged) one unless all its evidence was counted before; after a closure the next
/// finding opens a new alert with a new id.
/// </summary>
public static class AlertRules
{
    public const int MaxEvidence = 50;
    public const int MaxRemembered = 2_000;
    public const int MaxNoteLength = 2_000;

    /// <summary>Folds the finding in; false when it brought nothing new (every piece of its evidence was counted).</summary>
    public static bool Raise(IntegrityAlertState state, AlertSignal signal, Func<Guid> newId)
    {
        var fresh = signal.Evidence.DistinctBy(KeyOf).Where(e => !state.Counted.Contains(KeyOf(e))).ToList();
        if (state.AlertId is not null && state.Status != AlertStatus.Closed && fresh.Count == 0)
        {
            return false;
        }

        if (state.AlertId is null || state.Status == AlertStatus.Closed)
        {
            if (state.AlertId is not null && fresh.Count == 0)
            {
                return false;
            }

            state.AlertId = newId();
            state.Status = AlertStatus.Open;
            state.Count = 0;
            state.FirstAt = signal.At;
            state.Evidence.Clear();
            state.Acknowledgement = null;
            state.Closure = null;
        }

        state.Count++;
        state.RuleVersion = signal.RuleVersion;
        state.Severity = signal.Severity;
        state.Subject = signal.Subject;
        state.Cpf = signal.Cpf ?? state.Cpf;
        state.Summary = signal.Summary;
        state.LastAt = signal.At > state.LastAt ? signal.At : state.LastAt;
        state.Evidence.AddRange(fresh);
        state.Evidence.RemoveRange(0, Math.Max(0, state.Evidence.Count - MaxEvidence));
        state.Counted.AddRange(fresh.Select(KeyOf));
        state.Counted.RemoveRange(0, Math.Max(0, state.Counted.Count - MaxRemembered));
        return true;
    }

    public const int MaxSnoozeDays = 365;

    /// <summary>Whether the rule is snoozed for the subject at the finding's instant: then the finding changes nothing.</summary>
    public static bool Snoozed(IntegrityAlertState state, AlertSignal signal) => state.Snooze is { } snooze && signal.At < snooze.Until;

    public static void Snooze(IntegrityAlertState state, Guid alertId, DateTimeOffset until, AlertNote note)
    {
        RequireCurrent(state, alertId);
        if (until <= note.At || until > note.At.AddDays(MaxSnoozeDays))
        {
            throw GrainInterfaces.Common.DomainValidationException.For("until", $"A later instant, at most {MaxSnoozeDays} days ahead.");
        }

        state.Snooze = new AlertSnooze(until, note);
    }

    public static void Acknowledge(IntegrityAlertState state, Guid alertId, AlertNote note)
    {
        RequireCurrent(state, alertId);
        if (state.Status == AlertStatus.Closed)
        {
            throw new GrainInterfaces.Common.DomainConflictException("status", "The alert is closed.");
        }

        state.Status = AlertStatus.Acknowledged;
        state.Acknowledgement = note;
    }

    public static void Close(IntegrityAlertState state, Guid alertId, AlertNote note)
    {
        RequireCurrent(state, alertId);
        if (state.Status == AlertStatus.Closed)
        {
            throw new GrainInterfaces.Common.DomainConflictException("status", "The alert is closed already.");
        }

        state.Status = AlertStatus.Closed;
        state.Closure = note;
    }

    public static string ValidNote(string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > MaxNoteLength)
        {
            throw GrainInterfaces.Common.DomainValidationException.For(field, $"1 to {MaxNoteLength} characters.");
        }

        return text.Trim();
    }

    private static void RequireCurrent(IntegrityAlertState state, Guid alertId)
    {
        if (state.AlertId != alertId)
        {
            throw new GrainInterfaces.Common.DomainNotFoundException($"There is no alert {alertId}.");
        }
    }

    private static string KeyOf(AlertEvidence evidence) => $"{evidence.Kind}:{evidence.Id}";
}
