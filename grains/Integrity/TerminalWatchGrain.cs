using System.Globalization;
using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Integrity;
using Lottopar.GrainInterfaces.Operators;
using Lottopar.Grains.Integrity.Rules;
using Lottopar.Providers.Abstractions;
using Orleans;
using Orleans.Runtime;

namespace Lottopar.Grains.Integrity;

public sealed class TerminalWatchState
{
    public List<ScoreMark> Scores { get; set; } = [];

    /// <summary>When the score last deactivated the terminal: it counts again from then on.</summary>
    public DateTimeOffset? InterdictedAt { get; set; }
}

/// <summary>
/// The integrity module's POS terminal (key: <c>{providercod}-{poscod}</c>): the weights of the
/// findings about it, under <see cref="TerminalScorePolicy"/>. At the review threshold an alert for
/// LOTTOPAR; at the interdiction threshold the terminal is deactivated at its operator's provider
/// (audited as the policy's act) and its score starts again from zero. A finding delivered twice weighs once.
/// </summary>
[GrainType("terminal_watch")]
public sealed class TerminalWatchGrain(
    [PersistentState(GrainStorageNames.State, GrainStorageNames.Storage)] IPersistentState<TerminalWatchState> state,
    TimeProvider clock) : Grain, ITerminalWatchGrain
{
    public async Task WeighAsync(TerminalFinding finding, RuleSetting policy)
    {
        ArgumentNullException.ThrowIfNull(finding);
        ArgumentNullException.ThrowIfNull(policy);
        var now = clock.GetUtcNow();
        var evidenceKey = finding.Evidence.Count > 0 ? $"{finding.Evidence[0].Kind}:{finding.Evidence[0].Id}" : now.ToString("O", CultureInfo.InvariantCulture);
        if (!SubjectScores.Add(state.State.Scores, new ScoreMark(finding.RuleId, evidenceKey, finding.Oprid, PolicyRule.PointsOf(finding.Severity, policy), now)))
        {
            return;
        }

        SubjectScores.Prune(state.State.Scores, now);
        var score = SubjectScores.ScoreAt(state.State.Scores, finding.Oprid, now, policy, state.State.InterdictedAt);
        var verdict = SubjectScores.Judge(score, policy, blocked: false);
        var subject = new AlertSubject(SubjectKind.Terminal, this.GetPrimaryKeyString(), finding.Oprid);
        if (verdict != ScoreVerdict.None)
        {
            await RaiseAsync(policy, subject, $"Pontuação {score} do terminal {subject.Key} (revisão a partir de {policy[ScorePolicyRule.ReviewThreshold]})", finding.Evidence, now);
        }

        if (verdict == ScoreVerdict.Interdiction)
        {
            await GrainFactory.Keyed<ILotteryProviderGrain>(finding.Oprid).UpdatePosAsync(
                finding.PosCode.ToString(CultureInfo.InvariantCulture), active: false, administrative: null, printerSerial: null, Actor.System(policy.RuleId));
            state.State.InterdictedAt = now;
            var summary = $"Terminal {subject.Key} desativado: pontuação {score} (interdição a partir de {policy[ScorePolicyRule.InterdictionThreshold]}), regra {policy.RuleId}";
            await RaiseAsync(policy, subject, summary, [new AlertEvidence(AlertEvidence.TerminalInterdiction, $"{subject.Key}@{now:O}", now, summary), .. finding.Evidence], now);
        }

        await state.WriteStateAsync();
    }

    private Task<AlertView> RaiseAsync(RuleSetting policy, AlertSubject subject, string summary, IReadOnlyList<AlertEvidence> evidence, DateTimeOffset now) =>
        RuleRunner.RaiseAsync(GrainFactory, policy, subject, new RuleHit(summary, evidence), null, now);
}
