using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Operators;
using Lottopar.Grains.Common;
using Lottopar.Runtime;
using Lottopar.Runtime.Reminders;

namespace Lottopar.Grains.Operators;

[GrainType("operator")]
public sealed class OperatorGrain(TimeProvider clock) : AuditedGrain<OperatorState>(clock), IOperatorGrain, IRemindable
{
    public const string TargetType = "operator";
    private const string WarningReminder = "license-expiry-warning";
    private const string ExpiryReminder = "license-expiry";

    private static readonly Dictionary<string, (string Field, string What)> Fields = new()
    {
        ["operator.cnpj"] = ("cnpj", "CNPJ"),
        ["operator.license_number"] = ("license.number", "license number"),
        ["operator.contact_email"] = ("contact.email", "contact e-mail"),
        ["operator.contact_mobile"] = ("contact.mobile", "contact mobile number"),
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

    private string Oprid => GetPrimaryKeyString();

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

    public Task<OperatorAccess> GetAccessAsync(DeploymentEnvironment environment)
    {
        if (!RecordExists)
        {
            return Task.FromResult(OperatorAccess.Unknown);
        }

        var now = Clock.GetUtcNow();
        var license = State.License!;
        var access = State.Status switch
        {
            OperatorStatus.Revoked => OperatorAccess.Refused("operator_revoked", $"Operator {Oprid} is revoked: {LastReason()}"),
            OperatorStatus.Suspended => OperatorAccess.Refused("operator_suspended", $"Operator {Oprid} is suspended: {LastReason()}"),
            OperatorStatus.Pending when environment == DeploymentEnvironment.Production =>
                OperatorAccess.Refused("operator_pending", $"Operator {Oprid} is not activated yet; until then it may use the homologation environment only."),
            _ when now < LicenseCalendar.ValidFromInstant(license) =>
                OperatorAccess.Refused("license_not_yet_valid", $"License {license.Number} is valid from {license.ValidFrom:yyyy-MM-dd}."),
            _ when now >= LicenseCalendar.ExpiryInstant(license) =>
                OperatorAccess.Refused("license_expired", $"License {license.Number} expired on {license.ValidUntil:yyyy-MM-dd}."),
            _ => OperatorAccess.Granted,
        };
        return Task.FromResult(access);
    }

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

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (!RecordExists || State.License is not { } license)
        {
            return;
        }

        var now = Clock.GetUtcNow();
        var before = View();
        var system = Actor.System("license-calendar");
        if (reminderName == WarningReminder && now >= LicenseCalendar.WarningInstant(license) && now < LicenseCalendar.ExpiryInstant(license))
        {
            var message = $"License {license.Number} expires on {license.ValidUntil:yyyy-MM-dd}.";
            if (State.LicenseWarnings.All(w => w.Message != message))
            {
                State.LicenseWarnings.Add(new LicenseWarning(now, message));
                await SaveAsync(system, "operator.license_expiry_warning", before, message);
            }
        }
        else if (reminderName == ExpiryReminder && now >= LicenseCalendar.ExpiryInstant(license) && State.Status is OperatorStatus.Pending or OperatorStatus.Active)
        {
            var reason = $"License {license.Number} expired on {license.ValidUntil:yyyy-MM-dd}.";
            Move(OperatorStatus.Suspended, reason, system);
            await SaveAsync(system, "operator.license_expired", before, reason);
        }
    }

    protected override IReadOnlyCollection<UniqueKey>? GetUniqueKeys() => State.License is null
        ? []
        :
        [
            new UniqueKey("operator.cnpj", State.Cnpj),
            new UniqueKey("operator.license_number", State.License!.Number),
            new UniqueKey("operator.contact_email", State.Contact!.Email),
            new UniqueKey("operator.contact_mobile", State.Contact.Mobile),
        ];

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
        var now = Clock.GetUtcNow();
        var license = State.License!;
        await RegisterOrUpdateReminderAsync(WarningReminder, Later(LicenseCalendar.WarningInstant(license), now), period: null);
        await RegisterOrUpdateReminderAsync(ExpiryReminder, Later(LicenseCalendar.ExpiryInstant(license), now), period: null);
    }

    private static TimeSpan Later(DateTimeOffset at, DateTimeOffset now) => at > now ? at - now : TimeSpan.Zero;

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
