using Lottopar.GrainInterfaces.Integrity;
using Lottopar.Providers.Abstractions;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Runtime;

namespace Lottopar.Grains.Integrity;

/// <summary>Where the deadline check reads the obligations still open (the silo's PostgreSQL and grains).</summary>
public interface IDeadlineSource
{
    /// <summary>The obligations of a kind that started in [from, to) and are still open now, under the rule's setting where its terms matter (a bonus's wagering).</summary>
    Task<IReadOnlyList<OpenObligation>> OpenAsync(ObligationKind kind, DateTimeOffset from, DateTimeOffset to, RuleSetting setting, CancellationToken cancellationToken);
}

public sealed class DeadlineOptions
{
    public const string SectionName = "Lottopar:Integrity:Deadlines";

    /// <summary>How often the deadlines are checked (an Orleans reminder: one minute at least).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(10);
}

/// <summary>
/// The regulatory deadlines (key "default"): every <see cref="DeadlineOptions.Interval"/> a reminder runs
/// each deadline rule, in force and in shadow, over the obligations still open in its window; each
/// overdue one is evidence on the alert of its operator (or its case). The alert counts a piece of
/// evidence once, so the same overdue obligation found at every check raises nothing new.
/// </summary>
[GrainType("integrity_deadlines")]
public sealed class IntegrityDeadlinesGrain(IDeadlineSource source, IStreamEventLog shadows, TimeProvider clock, IOptions<DeadlineOptions> options)
    : Grain, IIntegrityDeadlinesGrain, IRemindable
{
    public const string DefaultKey = "default";
    private const string CheckReminder = "check";

    private RulebookCache? _rules;

    public async Task StartAsync() => await this.RegisterOrUpdateReminder(CheckReminder, options.Value.Interval, options.Value.Interval);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == CheckReminder)
        {
            await CheckAsync();
        }
    }

    public async Task<DeadlineCheck> CheckAsync()
    {
        var rules = await (_rules ??= new RulebookCache(GrainFactory)).GetAsync();
        var now = clock.GetUtcNow();
        var checks = new List<DeadlineRuleCheck>();
        foreach (var rule in IntegrityRules.OfKind<DeadlineRule>())
        {
            if (rules.Of(rule.Id) is { Enabled: true } live)
            {
                var (open, overdue) = await JudgeAsync(rule, live, now, shadow: false);
                checks.Add(new DeadlineRuleCheck(rule.Id, open, overdue));
            }

            if (rules.ShadowOf(rule.Id) is { } inShadow)
            {
                await JudgeAsync(rule, inShadow, now, shadow: true);
            }
        }

        return new DeadlineCheck(now, checks);
    }

    private async Task<(int Open, int Overdue)> JudgeAsync(DeadlineRule rule, RuleSetting setting, DateTimeOffset now, bool shadow)
    {
        var (from, to) = rule.Window(now, setting);
        var open = await source.OpenAsync(rule.Obligation, from, to, setting, CancellationToken.None);
        var overdue = open.Where(o => rule.DueAt(o.Since, setting) < now).ToList();
        foreach (var group in overdue.GroupBy(o => rule.Subject == SubjectKind.Case ? new AlertSubject(SubjectKind.Case, o.Key, null) : new AlertSubject(rule.Subject, o.Oprid!, o.Oprid)))
        {
            var obligations = group.OrderBy(o => o.Since).ToList();
            var hit = new RuleHit(rule.Summarize(obligations, setting), [.. obligations.Select(o => rule.Describe(o, rule.DueAt(o.Since, setting)))]);
            if (shadow)
            {
                await RuleRunner.RecordShadowsAsync(shadows, this.GetGrainId(), [(setting, hit)], group.Key.Kind, group.Key.Key, group.Key.Oprid, now);
            }
            else
            {
                await RuleRunner.RaiseAsync(GrainFactory, setting, group.Key, hit, null, now);
            }
        }

        return (open.Count, overdue.Count);
    }
}
