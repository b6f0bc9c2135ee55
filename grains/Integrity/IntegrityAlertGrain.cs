using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Integrity;
using Lottopar.Grains.Common;
using Lottopar.Providers.Abstractions;
using Orleans;
using Orleans.Runtime;
using StreamId = Lottopar.Providers.Abstractions.StreamId;

namespace Lottopar.Grains.Integrity;

/// <summary>
/// A subject's alert for one rule (<see cref="AlertKey"/>). Each change commits with an
/// <see cref="AlertChanged"/> on the "integrity" stream, which the alert table archives in the same
/// statement; the operator's answer and LOTTOPAR's closure are audited besides.
/// </summary>
[GrainType("integrity_alert")]
public sealed class IntegrityAlertGrain(
    [PersistentState(GrainStorageNames.State, GrainStorageNames.Storage)] IPersistentState<IntegrityAlertState> state,
    TimeProvider clock) : OrleansAuditedGrain<IntegrityAlertState>(state, clock), IIntegrityAlertGrain
{
    public const string TargetType = "integrity_alert";

    protected override string AuditTargetType => TargetType;

    private AlertKey Key => AlertKey.Parse(this.GetPrimaryKeyString());

    public async Task<AlertView> RaiseAsync(AlertSignal signal)
    {
        if (AlertRules.Snoozed(State, signal))
        {
            // A snooze is set on an alert, so there is one to answer with.
            return View()!;
        }

        if (AlertRules.Raise(State, signal, () => Guid.CreateVersion7(Clock.GetUtcNow())))
        {
            Publish(State.Count == 1 ? "raised" : "counted");
            await WriteStateAsync();
        }

        return View()!;
    }

    public Task<AlertView?> GetAsync() => Task.FromResult(View());

    public async Task<AlertView> AcknowledgeAsync(Guid alertId, string action, Actor actor)
    {
        var before = View();
        AlertRules.Acknowledge(State, alertId, new AlertNote(actor.ToString(), Clock.GetUtcNow(), AlertRules.ValidNote(action, "action")));
        Publish("acknowledged");
        await SaveAuditedAsync(actor, "integrity_alert.acknowledged", alertId.ToString(), Summary(before), Summary(View()), State.Acknowledgement!.Text);
        return View()!;
    }

    public async Task<AlertView> CloseAsync(Guid alertId, string resolution, Actor actor)
    {
        var before = View();
        AlertRules.Close(State, alertId, new AlertNote(actor.ToString(), Clock.GetUtcNow(), AlertRules.ValidNote(resolution, "resolution")));
        Publish("closed");
        await SaveAuditedAsync(actor, "integrity_alert.closed", alertId.ToString(), Summary(before), Summary(View()), State.Closure!.Text);
        return View()!;
    }

    public async Task<AlertView> SnoozeAsync(Guid alertId, DateTimeOffset until, string reason, Actor actor)
    {
        var note = new AlertNote(actor.ToString(), Clock.GetUtcNow(), AlertRules.ValidNote(reason, "reason"));
        AlertRules.Snooze(State, alertId, until, note);
        Publish("snoozed");
        await SaveAuditedAsync(actor, "integrity_alert.snoozed", alertId.ToString(), null, new { until }, note.Text);
        return View()!;
    }

    private void Publish(string change)
    {
        State.Revision++;
        var changed = new AlertChanged(this.GetPrimaryKeyString(), State.Revision, View()!, Key.RuleId, State.RuleVersion, change);
        State.Outbox.Publish(
            new StreamId(IntegrityStreams.Namespace, State.Subject?.Oprid ?? IntegrityStreams.LottoparKey), IntegrityStreams.AlertChanged, changed, Clock.GetUtcNow());
    }

    /// <summary>What the audit keeps of an alert: no CPF, no evidence.</summary>
    private static object? Summary(AlertView? view) => view is null ? null : new { view.Id, view.Rule, status = view.Status.ToString().ToLowerInvariant(), view.Count };

    private AlertView? View() => State.AlertId is not { } id ? null : new AlertView(
        id, $"{Key.RuleId}@{State.RuleVersion}", State.Severity, State.Subject!, State.Cpf, State.Status, State.Count, State.FirstAt, State.LastAt,
        State.Summary, [.. State.Evidence], State.Acknowledgement, State.Closure, State.Snooze);
}
