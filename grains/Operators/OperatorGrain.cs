using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Operators;
using Lottopar.Grains.Common;
using Lottopar.Providers.Abstractions;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Runtime;

namespace Lottopar.Grains.Operators;

/// <summary>
/// An operator, on Orleans (issue 16): its state in the same row as before, audit entries and
/// unique-key claims committed with it; the license calendar runs on Orleans reminders.
/// </summary>
[GrainType("operator")]
public sealed class OperatorGrain(
    [PersistentState(GrainStorageNames.State, GrainStorageNames.Storage)] IPersistentState<OperatorState> state,
    TimeProvider clock,
    IOptions<OneShotReminderOptions> reminderOptions) : OrleansAuditedGrain<OperatorState>(state, clock), IOperatorGrain, IRemindable
{
    public const string TargetType = "operator";
    private const string WarningReminder = "license-expiry-warning";
    private const string ExpiryReminder = "license-expiry";

    private static readonly Dictionary<string, (string Field, string What)> Fields = new()
    {
        [OperatorUniqueKeys.Cnpj] = ("cnpj", "CNPJ"),
        [OperatorUniqueKeys.LicenseNumber] = ("license.number", "license number"),
        [OperatorUniqueKeys.ContactEmail] = ("contact.email", "contact e-mail"),
        [OperatorUniqueKeys.ContactMobile] = ("contact.mobile", "contact mobile number"),
    };

    private static readonly Dictionary<OperatorStatus, OperatorStatus[]> Transitions = new()
    {
        [OperatorStatus.Pending] = [OperatorStatus.Active, OperatorStatus.Suspended, OperatorStatus.Revoked],
        [OperatorStatus.Active] = [OperatorStatus.Suspended, OperatorStatus.Revoked],
        [OperatorStatus.Suspended] = [OperatorStatus.Active, OperatorStatus.Revoked],
        [OperatorStatus.Revoked] = [],
    };

    protected override string AuditTargetType => TargetType;

    protected override IReadOnlyDictionary<string, (string Field, string What)> UniqueFields => Fields;

    private OneShotReminders? _reminders;

    private OneShotReminders Reminders => _reminders ??= new(this, Clock, reminderOptions.Value);

    private string Oprid => this.GetPrimaryKeyString();

    /// <summary>
    /// An operator whose license still has an instant ahead holds its expiry reminder; one that does
    /// not (it was registered before the license calendar ran on Orleans reminders) gets both again.
    /// </summary>
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (RecordExists && State.License is not null && State.Status is OperatorStatus.Pending or OperatorStatus.Active
            && await this.GetReminder(ExpiryReminder, cancellationToken) is null)
        {
            await ScheduleLicenseRemindersAsync();
        }
    }

    public async Task<OperatorView> RegisterAsync(OperatorRegistration registration, Actor actor)
    {
        if (RecordExists)
        {
            throw new DomainConflictException("oprid", $"{Oprid} is already registered.");
        }

        var now = Clock.GetUtcNow();
        var normalized = OperatorRules.Normalize(registration, now);
        State.LegalName = normalized.LegalName;
        State.Cnpj = normalized.Cnpj;
        State.License = normalized.License;
        State.Contact = normalized.Contact;
        State.Status = OperatorStatus.Pending;
        State.StatusHistory = [new StatusChange(OperatorStatus.Pending, OperatorStatus.Pending, "Registered", actor.ToString(), now)];
        State.RegisteredAt = now;
        State.RegisteredBy = actor.ToString();
        await SaveAsync(actor, "operator.registered", before: null);
        await ScheduleLicenseRemindersAsync();
        return View();
    }

    public Task<OperatorView> GetAsync() => Task.FromResult(View());

    public Task<OperatorAccess> GetAccessAsync(DeploymentEnvironment environment) => Task.FromResult(RecordExists
        ? OperatorRules.Access(Oprid, State.Status, State.License!, LastReason(), environment, Clock.GetUtcNow())
        : OperatorAccess.Unknown);

    public async Task<OperatorView> UpdateContactAsync(ContactPerson contact, Actor actor)
    {
        var before = View();
        State.Contact = OperatorRules.NormalizeContact(contact);
        await SaveAsync(actor, "operator.contact_updated", before);
        return View();
    }

    public async Task<OperatorView> UpdateLicenseAsync(License license, Actor actor)
    {
        var before = View();
        State.License = OperatorRules.NormalizeLicense(license, Clock.GetUtcNow());
        await SaveAsync(actor, "operator.license_updated", before);
        await ScheduleLicenseRemindersAsync();
        return View();
    }

    public async Task<OperatorView> ChangeStatusAsync(OperatorStatus status, string reason, Actor actor)
    {
        var before = View();
        var why = OperatorRules.Reason(reason);
        if (!Transitions[State.Status].Contains(status))
        {
            throw new DomainConflictException("status", State.Status == OperatorStatus.Revoked
                ? $"{Oprid} is revoked; revocation is final."
                : $"{Oprid} cannot go from {State.Status} to {status}.");
        }

        if (status == OperatorStatus.Active && Clock.GetUtcNow() >= LicenseCalendar.ExpiryInstant(State.License!))
        {
            throw DomainValidationException.For("status", $"License {State.License!.Number} has expired; update it before activating.");
        }

        Move(status, why, actor);
        await SaveAsync(actor, "operator.status_changed", before, why);
        return View();
    }

    /// <summary>
    /// The license calendar's one-shot reminders: each tick before its instant sleeps again; at the
    /// instant the warning or the suspension is recorded (once, whatever the repeated ticks), and
    /// only then is the reminder removed.
    /// </summary>
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (!RecordExists || State.License is not { } license || reminderName is not (WarningReminder or ExpiryReminder))
        {
            await Reminders.DoneAsync(reminderName);
            return;
        }

        var due = reminderName == WarningReminder ? LicenseCalendar.WarningInstant(license) : LicenseCalendar.ExpiryInstant(license);
        if (!await Reminders.IsDueAsync(reminderName, due))
        {
            return;
        }

        if (reminderName == WarningReminder)
        {
            await WarnOfExpiryAsync(license);
        }
        else
        {
            await SuspendOnExpiryAsync(license);
        }

        await Reminders.DoneAsync(reminderName);
    }

    private async Task WarnOfExpiryAsync(License license)
    {
        var message = $"License {license.Number} expires on {license.ValidUntil:yyyy-MM-dd}.";
        var now = Clock.GetUtcNow();
        if (now < LicenseCalendar.ExpiryInstant(license) && State.LicenseWarnings.All(w => w.Message != message))
        {
            var before = View();
            State.LicenseWarnings.Add(new LicenseWarning(now, message));
            await SaveAsync(Actor.System("license-calendar"), "operator.license_expiry_warning", before, message);
        }
    }

    private async Task SuspendOnExpiryAsync(License license)
    {
        if (State.Status is OperatorStatus.Pending or OperatorStatus.Active)
        {
            var before = View();
            var reason = $"License {license.Number} expired on {license.ValidUntil:yyyy-MM-dd}.";
            var system = Actor.System("license-calendar");
            Move(OperatorStatus.Suspended, reason, system);
            await SaveAsync(system, "operator.license_expired", before, reason);
        }
    }

    private void Move(OperatorStatus status, string reason, Actor actor)
    {
        State.StatusHistory.Add(new StatusChange(State.Status, status, reason, actor.ToString(), Clock.GetUtcNow()));
        State.Status = status;
    }

    private string LastReason() => State.StatusHistory.Count > 0 ? State.StatusHistory[^1].Reason : "";

    private Task SaveAsync(Actor actor, string action, OperatorView? before, string? reason = null) =>
        SaveAuditedAsync(actor, action, Oprid, before, View(), reason);

    /// <summary>One reminder 30 days before the license ends, one when it ends; both follow license updates.</summary>
    private async Task ScheduleLicenseRemindersAsync()
    {
        var license = State.License!;
        await Reminders.ScheduleAsync(WarningReminder, LicenseCalendar.WarningInstant(license));
        await Reminders.ScheduleAsync(ExpiryReminder, LicenseCalendar.ExpiryInstant(license));
    }

    private OperatorView View()
    {
        if (!RecordExists && State.License is null)
        {
            throw new DomainNotFoundException($"No operator has OPRID {Oprid}.");
        }

        return new OperatorView(
            Oprid, State.LegalName, State.Cnpj, State.License!, State.Contact!, State.Status,
            [.. State.StatusHistory], [.. State.LicenseWarnings], State.RegisteredAt, State.RegisteredBy);
    }
}
