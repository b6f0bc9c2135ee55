using Lottopar.GrainInterfaces.Integrity;
using Lottopar.Grains.Common;
using Lottopar.Providers.Abstractions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Runtime;
using StreamId = Lottopar.Providers.Abstractions.StreamId;

namespace Lottopar.Grains.Integrity;

/// <summary>Where the reconciliations read both sides of an hour (the silo's PostgreSQL).</summary>
public interface IReconciliationSource
{
    /// <summary>Whether every hour from <paramref name="firstHour"/> to <paramref name="lastHour"/> (inclusive) has all its parts accepted by the vault.</summary>
    Task<bool> HoursFiledAsync(string oprid, DateTimeOffset firstHour, DateTimeOffset lastHour, CancellationToken cancellationToken);

    /// <summary>The platform's items of a channel whose instant is in [from, to): the API's events, the PSP's settled PIX.</summary>
    Task<IReadOnlyList<ReconciledItem>> PlatformAsync(ReconciliationChannel channel, string oprid, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    /// <summary>The vault's records of a channel whose instant is in [from, to), as corrected and without the annulled ones.</summary>
    Task<IReadOnlyList<ReconciledItem>> VaultAsync(ReconciliationChannel channel, string oprid, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);
}

public static class ReconciliationSourceExtensions
{
    /// <summary>Both sides of an operator's hour through the windows the rule's setting asks for.</summary>
    public static async Task<ReconciliationSides> ReadAsync(
        this IReconciliationSource source, OperatorReconciliationRule rule, RuleSetting setting, string oprid, DateTimeOffset hour, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(rule);
        var (tolerance, delay) = (rule.Tolerance(setting), rule.Delay(setting));
        var (platformFrom, platformTo) = Reconciliation.PlatformWindow(hour, tolerance, delay);
        var (vaultFrom, vaultTo) = Reconciliation.VaultWindow(hour, tolerance, delay);
        return new ReconciliationSides(
            oprid,
            hour,
            await source.PlatformAsync(rule.Channel, oprid, platformFrom, platformTo, cancellationToken),
            await source.VaultAsync(rule.Channel, oprid, vaultFrom, vaultTo, cancellationToken));
    }
}

public sealed class ReconciliationOptions
{
    public const string SectionName = "Lottopar:Integrity:Reconciliation";

    /// <summary>How long after an hour (and a rule's delay) the platform's side is taken as complete: the API's and the PSP's stragglers.</summary>
    public TimeSpan Grace { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long an hour waits for the vault files it needs; then it is reconciled with what there is (the missing hours have their own alerts).</summary>
    public TimeSpan LongestWait { get; set; } = TimeSpan.FromDays(2);

    /// <summary>How often an hour waiting for files is looked at again (besides each file accepted).</summary>
    public TimeSpan Recheck { get; set; } = TimeSpan.FromMinutes(15);
}

public sealed class VaultReconciliationState : IHasOutbox
{
    /// <summary>Hours filed and not yet reconciled, with the rules still to run on each.</summary>
    public SortedDictionary<DateTimeOffset, List<string>> Pending { get; set; } = [];

    [System.Text.Json.Serialization.JsonIgnore]
    public GrainOutbox Outbox { get; } = new();
}

/// <summary>
/// An operator's reconciliations (key: OPRID). The integrity intake tells it of each hour the vault
/// accepts; it runs each reconciliation rule on the hour once the rule's window has passed (with the
/// grace) and the vault holds every hour of that window, or the longest wait is over. The live
/// versions raise alerts and publish <see cref="HourReconciled"/>; shadow versions record findings.
/// A one-shot reminder brings it back for what is not due yet.
/// </summary>
[GrainType("vault_reconciliation")]
public sealed class VaultReconciliationGrain(
    [PersistentState(GrainStorageNames.State, GrainStorageNames.Storage)] IPersistentState<VaultReconciliationState> state,
    IReconciliationSource source,
    IStreamEventLog shadows,
    TimeProvider clock,
    IOptions<ReconciliationOptions> options,
    IOptions<OneShotReminderOptions> reminderOptions,
    ILogger<VaultReconciliationGrain> logger) : Grain, IVaultReconciliationGrain, IRemindable
{
    private const string DueReminder = "due";

    private OneShotReminders? _reminders;
    private RulebookCache? _rules;
    private IGrainTimer? _run;

    private OneShotReminders Reminders => _reminders ??= new(this, clock, reminderOptions.Value);

    private string Oprid => this.GetPrimaryKeyString();

    public async Task HourFiledAsync(DateTimeOffset hour)
    {
        var start = Reconciliation.HourOf(hour);
        if (!state.State.Pending.ContainsKey(start))
        {
            state.State.Pending[start] = [.. IntegrityRules.OfKind<OperatorReconciliationRule>().Select(r => r.Id)];
            await state.WriteStateAsync();
        }

        // After the answer: the intake's stream is not held by the reading of both sides.
        if (_run is null)
        {
            _run = this.RegisterGrainTimer(_ => RunAsync(), new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan) { Interleave = false });
        }
        else
        {
            _run.Change(TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        }
    }

    public Task<IReadOnlyDictionary<DateTimeOffset, IReadOnlyList<string>>> PendingAsync() =>
        Task.FromResult<IReadOnlyDictionary<DateTimeOffset, IReadOnlyList<string>>>(
            state.State.Pending.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)[.. p.Value]));

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == DueReminder)
        {
            await RunAsync();
        }
    }

    /// <summary>Runs what is due; schedules the reminder for the rest (or removes it).</summary>
    private async Task RunAsync()
    {
        var rules = await (_rules ??= new RulebookCache(GrainFactory)).GetAsync();
        DateTimeOffset? next = null;
        var changed = false;
        foreach (var (hour, pending) in state.State.Pending.ToList())
        {
            foreach (var ruleId in pending.ToList())
            {
                DateTimeOffset? wait;
                try
                {
                    wait = await RunAsync(hour, ruleId, rules);
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    // The database or a grain failed: the hour stays pending and is tried again.
                    logger.LogWarning("The hour {Hour:u} of {Oprid} could not be reconciled by {Rule} now, trying again later: {Error}", hour, Oprid, ruleId, error.Message);
                    wait = clock.GetUtcNow() + options.Value.Recheck;
                }

                if (wait is { } at)
                {
                    next = next is null || at < next ? at : next;
                }
                else
                {
                    pending.Remove(ruleId);
                    changed = true;
                }
            }

            if (pending.Count == 0)
            {
                state.State.Pending.Remove(hour);
            }
        }

        if (changed)
        {
            try
            {
                await state.WriteStateAsync();
            }
            catch
            {
                // What is in memory is not what is stored: the next activation reads the hours still
                // pending and reconciles them again (the alerts count nothing twice).
                DeactivateOnIdle();
                throw;
            }
        }

        if (next is { } due)
        {
            await Reminders.ScheduleAsync(DueReminder, due);
        }
        else
        {
            await Reminders.DoneAsync(DueReminder);
        }
    }

    /// <returns>When to look at the hour again for the rule; null when it is done (run, or off).</returns>
    private async Task<DateTimeOffset?> RunAsync(DateTimeOffset hour, string ruleId, RulebookSnapshot rules)
    {
        if (IntegrityRules.Find(ruleId) is not OperatorReconciliationRule rule)
        {
            return null;
        }

        var live = rules.Of(ruleId) is { Enabled: true } on ? on : null;
        var shadow = rules.ShadowOf(ruleId);
        RuleSetting[] settings = [.. new[] { live, shadow }.OfType<RuleSetting>()];
        if (settings.Length == 0)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var reach = settings.Max(s => rule.Delay(s) + rule.Tolerance(s));
        var due = hour + Reconciliation.Hour + reach + options.Value.Grace;
        if (now < due)
        {
            return due;
        }

        var lastHour = Reconciliation.HourOf(hour + Reconciliation.Hour + reach - TimeSpan.FromTicks(1));
        if (!await source.HoursFiledAsync(Oprid, hour, lastHour, CancellationToken.None) && now < due + options.Value.LongestWait)
        {
            return now + options.Value.Recheck;
        }

        foreach (var setting in settings)
        {
            var sides = await source.ReadAsync(rule, setting, Oprid, hour, CancellationToken.None);
            var differences = rule.Compare(sides, setting);
            var hit = rule.Evaluate(sides, differences, setting);
            if (setting == live)
            {
                if (hit is not null)
                {
                    var subject = new AlertSubject(SubjectKind.Operator, Oprid, Oprid);
                    await RuleRunner.RaiseAsync(GrainFactory, setting, subject, hit, null, now);
                }

                var (from, to) = (hour, hour + Reconciliation.Hour);
                var ours = sides.Platform.Where(i => i.At >= from && i.At < to).ToList();
                var theirs = sides.Vault.Where(i => i.At >= from && i.At < to).ToList();
                state.State.Outbox.Publish(new StreamId(IntegrityStreams.Namespace, Oprid), IntegrityStreams.HourReconciled,
                    new HourReconciled(Oprid, hour, setting.RuleId, setting.Version, ours.Count, ours.Sum(i => i.Amount), theirs.Count, theirs.Sum(i => i.Amount), differences, now), now);
            }
            else if (hit is not null)
            {
                await RuleRunner.RecordShadowsAsync(shadows, this.GetGrainId(), [(setting, hit)], SubjectKind.Operator, Oprid, Oprid, now);
            }
        }

        logger.LogInformation("Reconciled the hour {Hour:u} of {Oprid} by {Rule}", hour, Oprid, ruleId);
        return null;
    }
}
