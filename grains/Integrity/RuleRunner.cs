using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Integrity;
using Lottopar.Providers.Abstractions;
using Orleans;
using Orleans.Runtime;
using StreamId = Lottopar.Providers.Abstractions.StreamId;

namespace Lottopar.Grains.Integrity;

/// <summary>
/// Runs the rules of one kind on an observation: the versions in force (their hits raise), and the
/// versions in shadow (their hits are recorded as <see cref="ShadowFinding"/>s and raise nothing).
/// </summary>
public static class RuleRunner
{
    public static List<(RuleSetting Setting, RuleHit Hit)> Live<TJudge>(RulebookSnapshot rules, Func<TJudge, RuleSetting, RuleHit?> judge) where TJudge : class =>
        Run(rules.Of, judge);

    public static List<(RuleSetting Setting, RuleHit Hit)> Shadow<TJudge>(RulebookSnapshot rules, Func<TJudge, RuleSetting, RuleHit?> judge) where TJudge : class =>
        Run(rules.ShadowOf, judge);

    /// <summary>The rules of one kind on one subject: the live versions raise the subject's alerts, the shadow versions' findings are recorded.</summary>
    public static async Task JudgeAsync<TJudge>(
        IGrainFactory grains, IStreamEventLog shadows, GrainId publisher, RulebookSnapshot rules, Func<TJudge, RuleSetting, RuleHit?> judge, AlertSubject subject, DateTimeOffset now)
        where TJudge : class
    {
        ArgumentNullException.ThrowIfNull(subject);
        await RecordShadowsAsync(shadows, publisher, Shadow(rules, judge), subject.Kind, subject.Key, subject.Oprid, now);
        foreach (var (setting, hit) in Live(rules, judge))
        {
            await RaiseAsync(grains, setting, subject, hit, null, now);
        }
    }

    /// <summary>A hit on the subject's alert for the rule (its alert grain: one per rule and subject).</summary>
    /// <param name="cpf">The player's CPF when the subject is a player.</param>
    public static Task<AlertView> RaiseAsync(IGrainFactory grains, RuleSetting setting, AlertSubject subject, RuleHit hit, string? cpf, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(setting);
        ArgumentNullException.ThrowIfNull(hit);
        return grains.Keyed<IIntegrityAlertGrain>(AlertKey.Of(setting.RuleId, subject).ToString()).RaiseAsync(
            new AlertSignal(setting.RuleId, setting.Version, setting.Severity, subject, cpf, hit.Summary, hit.Evidence, now));
    }

    /// <summary>Records what the shadow versions found (one insert each; the finding table keeps one per rule version, subject and evidence).</summary>
    public static async Task RecordShadowsAsync(
        IStreamEventLog log, GrainId publisher, IEnumerable<(RuleSetting Setting, RuleHit Hit)> hits, SubjectKind kind, string subject, string? oprid, DateTimeOffset now)
    {
        foreach (var (setting, hit) in hits)
        {
            var finding = new ShadowFinding(setting.RuleId, setting.Version, kind, subject, hit.AcrossOperators ? null : oprid, hit.Summary, hit.Evidence, now);
            await log.AppendAsync(publisher, new StreamId(IntegrityStreams.Namespace, setting.RuleId), IntegrityStreams.ShadowFinding, finding, now);
        }
    }

    private static List<(RuleSetting, RuleHit)> Run<TJudge>(Func<string, RuleSetting?> settingOf, Func<TJudge, RuleSetting, RuleHit?> judge) where TJudge : class
    {
        var hits = new List<(RuleSetting, RuleHit)>();
        foreach (var rule in IntegrityRules.OfKind<TJudge>())
        {
            if (settingOf(((IntegrityRule)(object)rule).Id) is { Enabled: true } setting && judge(rule, setting) is { } hit)
            {
                hits.Add((setting, hit));
            }
        }

        return hits;
    }
}
