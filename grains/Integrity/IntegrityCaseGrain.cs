using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Integrity;
using Lottopar.Grains.Common;
using Lottopar.Providers.Abstractions;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Runtime;
using StreamId = Lottopar.Providers.Abstractions.StreamId;

namespace Lottopar.Grains.Integrity;

/// <summary>
/// An integrity case (key: its id). Each step commits with its audit entry and a <see cref="CaseChanged"/>
/// on the "integrity" stream (the case table archives it). A suspension ends by a one-shot reminder;
/// closing closes the case's alerts that are still open, with the case's resolution.
/// </summary>
[GrainType("integrity_case")]
public sealed class IntegrityCaseGrain(
    [PersistentState(GrainStorageNames.State, GrainStorageNames.Storage)] IPersistentState<IntegrityCaseState> state,
    TimeProvider clock,
    IOptions<OneShotReminderOptions> reminderOptions) : OrleansAuditedGrain<IntegrityCaseState>(state, clock), IIntegrityCaseGrain, IRemindable
{
    public const string TargetType = "integrity_case";
    private const string ReopenReminder = "reopen";

    private OneShotReminders? _reminders;

    protected override string AuditTargetType => TargetType;

    private OneShotReminders Reminders => _reminders ??= new(this, Clock, reminderOptions.Value);

    private Guid Id => Guid.Parse(this.GetPrimaryKeyString());

    public Task<CaseView> OpenAsync(string title, IReadOnlyList<CaseAlert> alerts, Actor actor) =>
        StepAsync(actor, "opened", e => CaseRules.Open(State, title, alerts, e), $"{alerts.Count} alerta(s)");

    public Task<CaseView> GetAsync() => State.Timeline.Count == 0 ? throw new DomainNotFoundException("There is no such case.") : Task.FromResult(View());

    public Task<CaseView> AddAlertAsync(CaseAlert alert, Actor actor) =>
        StepAsync(actor, "alert_added", e => CaseRules.AddAlert(State, alert, e), alert.AlertId.ToString());

    public Task<CaseView> AssignAsync(string assignee, Actor actor) =>
        StepAsync(actor, "assigned", e => CaseRules.Assign(State, assignee, e), assignee);

    public Task<CaseView> CommentAsync(string text, Actor actor) =>
        StepAsync(actor, "comment", e => CaseRules.Note(State, e), AlertRules.ValidNote(text, "text"));

    public Task<CaseView> AttachAsync(CaseAttachment attachment, Actor actor) =>
        StepAsync(actor, "attachment", e => CaseRules.Note(State, e with { Attachment = attachment }), attachment.Name);

    public Task<CaseView> EscalateAsync(string reason, Actor actor) =>
        StepAsync(actor, "escalated", e => CaseRules.Escalate(State, e), AlertRules.ValidNote(reason, "reason"));

    public async Task<CaseView> SuspendAsync(DateTimeOffset until, string reason, Actor actor)
    {
        var why = AlertRules.ValidNote(reason, "reason");
        // The reminder first: a suspension stored without its reminder would never end by itself.
        CaseRules.Suspend(new IntegrityCaseState { Timeline = [.. State.Timeline], Status = State.Status }, until, new CaseEntry("suspended", actor.ToString(), Clock.GetUtcNow(), why));
        await Reminders.ScheduleAsync(ReopenReminder, until);
        return await StepAsync(actor, "suspended", e => CaseRules.Suspend(State, until, e), why);
    }

    public Task<CaseView> ClassifyAsync(CaseCategory category, Actor actor) =>
        StepAsync(actor, "classified", e => CaseRules.Classify(State, category, e), Wire(category));

    public Task<CaseView> ReportAsync(CaseAuthority authority, string protocol, Actor actor) =>
        StepAsync(actor, "reported", e => CaseRules.Report(State, authority, protocol, e), $"{Wire(authority)}: {protocol?.Trim()}");

    public async Task<CaseView> CloseAsync(CaseResolution resolution, string text, Actor actor)
    {
        var why = AlertRules.ValidNote(text, "text");
        CaseRules.Close(new IntegrityCaseState { Timeline = [.. State.Timeline], Status = State.Status }, resolution, new CaseEntry("closed", actor.ToString(), Clock.GetUtcNow(), why));

        // The alerts first: should the case's write fail, closing it again finds them closed and carries on.
        foreach (var alert in State.Alerts)
        {
            try
            {
                await GrainFactory.Keyed<IIntegrityAlertGrain>(alert.GrainKey).CloseAsync(alert.AlertId, $"Caso {Id} ({Wire(resolution)}): {why}", actor);
            }
            catch (DomainException)
            {
                // Closed already, or a later alert of its subject: nothing to close.
            }
        }

        var view = await StepAsync(actor, "closed", e => CaseRules.Close(State, resolution, e), $"{Wire(resolution)}: {why}");
        await Reminders.DoneAsync(ReopenReminder);
        return view;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (State.SuspendedUntil is not { } until || State.Status != CaseStatus.Suspended)
        {
            await Reminders.DoneAsync(reminderName);
            return;
        }

        if (await Reminders.IsDueAsync(reminderName, until) && CaseRules.ReopenIfDue(State, Clock.GetUtcNow(), "system:case-reminder"))
        {
            Publish("reopened");
            await SaveAuditedAsync(Actor.System("case-reminder"), "integrity_case.reopened", Id.ToString(), null, new { status = "open" });
            await Reminders.DoneAsync(reminderName);
        }
    }

    private async Task<CaseView> StepAsync(Actor actor, string kind, Action<CaseEntry> step, string text)
    {
        step(new CaseEntry(kind, actor.ToString(), Clock.GetUtcNow(), text));
        Publish(kind);
        await SaveAuditedAsync(actor, $"integrity_case.{kind}", Id.ToString(), null, new { status = Wire(State.Status), State.Level, State.Assignee }, kind == "comment" ? null : text);
        return View();
    }

    private void Publish(string change)
    {
        State.Revision++;
        State.Outbox.Publish(new StreamId(IntegrityStreams.Namespace, this.GetPrimaryKeyString()), IntegrityStreams.CaseChanged, new CaseChanged(State.Revision, View(), change), Clock.GetUtcNow());
    }

    private static string Wire<T>(T value) where T : struct, Enum => GrainInterfaces.Betting.ContractNames.Of(value);

    private CaseView View() => new(
        Id, State.Title, State.Status, State.Level, State.Assignee, [.. State.Alerts], [.. State.Timeline], State.OpenedAt, State.SuspendedUntil, State.Resolution,
        State.Category, State.CategorizedAt, [.. State.Reports]);
}
