using Lottopar.GrainInterfaces.Betting;
using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Integrity;
using Lottopar.Grains.Betting;
using Lottopar.Grains.Common;
using Lottopar.Grains.Integrity.Rules;
using Lottopar.Grains.Validation;
using Lottopar.Providers.Abstractions;
using Orleans;
using Orleans.Runtime;
using StreamId = Lottopar.Providers.Abstractions.StreamId;

namespace Lottopar.Grains.Integrity;

/// <summary>The payments, blocks and score the player rules keep; the bets are rebuilt from the event store.</summary>
public sealed class PlayerWatchState : IHasOutbox
{
    /// <summary>The player's CPF, once an observation named it (for the blocked list).</summary>
    public string? Cpf { get; set; }

    public List<PaymentMark> Payments { get; set; } = [];

    /// <summary>The PIX keys the player asked operators to register for payouts.</summary>
    public List<PayoutKeyMark> PayoutKeys { get; set; } = [];

    /// <summary>Per operator, since when the player is on its blocked list.</summary>
    public Dictionary<string, DateTimeOffset> Blocks { get; set; } = [];

    public List<ScoreMark> Scores { get; set; } = [];

    /// <summary>Per operator, when LOTTOPAR last lifted a block there: the score counts from then on.</summary>
    public Dictionary<string, DateTimeOffset> ScoreResets { get; set; } = [];

    [System.Text.Json.Serialization.JsonIgnore]
    public GrainOutbox Outbox { get; } = new();
}

/// <summary>
/// The integrity module's player (key: the player's personal grain key, across operators). Its bet
/// windows cost no write: on its first bet after activation it folds the player's last
/// <see cref="PlayerWindows.BetDaysKept"/> days from the event store (the delivered event among
/// them: it was committed before it was published), and folding is idempotent. Payments, findings
/// and blocks are fewer, and kept in its state. Every delivered event is judged, a redelivered one
/// too: the alert grain does not count evidence twice, nor the score a finding.
/// </summary>
[GrainType("player_watch")]
public sealed class PlayerWatchGrain(
    [PersistentState(GrainStorageNames.State, GrainStorageNames.Storage)] IPersistentState<PlayerWatchState> state,
    IBettingHistory history,
    IStreamEventLog shadows,
    TimeProvider clock) : OrleansAuditedGrain<PlayerWatchState>(state, clock), IPlayerWatchGrain
{
    public const string TargetType = "player_block";

    /// <summary>How many bets between two prunings of the windows (a long-lived activation would otherwise keep every bet's id).</summary>
    private const int PruneEvery = 1_000;

    private PlayerWindows? _windows;
    private bool _betsLoaded;

    protected override string AuditTargetType => TargetType;

    public async Task ObserveBetAsync(BetObservation bet, RulebookSnapshot rules)
    {
        var windows = Windows();
        if (!_betsLoaded)
        {
            await foreach (var record in history.PlayerEventsSinceAsync(bet.Cpf, Clock.GetUtcNow().AddDays(-(PlayerWindows.BetDaysKept + 1)), CancellationToken.None))
            {
                windows.Fold(IntegrityObservations.Of(record));
            }

            _betsLoaded = true;
        }

        if (windows.Fold(bet) && windows.BetsSeen % PruneEvery == 0)
        {
            windows.Prune(Clock.GetUtcNow());
        }

        await RuleRunner.RecordShadowsAsync(shadows, this.GetGrainId(),
            RuleRunner.Shadow<IJudgesPlayerBets>(rules, (rule, setting) => rule.Evaluate(bet, windows, setting)), SubjectKind.Player, Cpf.Mask(bet.Cpf), bet.Oprid, Clock.GetUtcNow());
        await JudgeAsync(RuleRunner.Live<IJudgesPlayerBets>(rules, (rule, setting) => rule.Evaluate(bet, windows, setting)), bet.Oprid, bet.Cpf, rules, changed: false);
    }

    public async Task ObservePaymentAsync(PaymentObservation payment, RulebookSnapshot rules)
    {
        var windows = Windows();
        var changed = windows.Fold(payment);
        if (changed)
        {
            windows.Prune(Clock.GetUtcNow());
        }

        await RuleRunner.RecordShadowsAsync(shadows, this.GetGrainId(),
            RuleRunner.Shadow<IJudgesPlayerPayments>(rules, (rule, setting) => rule.Evaluate(payment, windows, setting)), SubjectKind.Player, Cpf.Mask(payment.Cpf), payment.Oprid, Clock.GetUtcNow());
        await JudgeAsync(RuleRunner.Live<IJudgesPlayerPayments>(rules, (rule, setting) => rule.Evaluate(payment, windows, setting)), payment.Oprid, payment.Cpf, rules, changed);
    }

    public async Task ObservePayoutKeyAsync(PayoutKeyObservation seen, RulebookSnapshot rules)
    {
        var changed = PayoutKeyMarks.Fold(State.PayoutKeys, seen);
        var marks = State.PayoutKeys;
        await RuleRunner.RecordShadowsAsync(shadows, this.GetGrainId(),
            RuleRunner.Shadow<PlayerPayoutKeyRule>(rules, (rule, setting) => rule.Evaluate(seen, marks, setting)), SubjectKind.Player, Cpf.Mask(seen.Cpf), seen.Oprid, Clock.GetUtcNow());
        await JudgeAsync(RuleRunner.Live<PlayerPayoutKeyRule>(rules, (rule, setting) => rule.Evaluate(seen, marks, setting)), seen.Oprid, seen.Cpf, rules, changed);
    }

    public Task<PlayerWatchView> InspectAsync(RulebookSnapshot rules)
    {
        var now = Clock.GetUtcNow();
        var policy = rules.Of(ScorePolicy.Id)!;
        var oprids = State.Scores.Select(m => m.Oprid).OfType<string>().Concat(State.Blocks.Keys).Concat(State.Payments.Select(p => p.Oprid)).Distinct().Order();
        return Task.FromResult(new PlayerWatchView(
            [.. oprids.Select(oprid => new PlayerStanding(oprid,
                SubjectScores.ScoreAt(State.Scores, oprid, now, policy, State.ScoreResets.TryGetValue(oprid, out var reset) ? reset : null),
                State.Blocks.TryGetValue(oprid, out var since) ? since : null))],
            State.Payments.Count, State.Scores.Count));
    }

    public async Task LiftBlockAsync(string oprid, string reason, Actor actor)
    {
        if (!State.Blocks.TryGetValue(oprid, out var since) || State.Cpf is not { } cpf)
        {
            throw new DomainNotFoundException("The player is not on this operator's blocked list.");
        }

        var why = AlertRules.ValidNote(reason, "reason");
        var now = Clock.GetUtcNow();
        State.Blocks.Remove(oprid);
        State.ScoreResets[oprid] = now;
        Windows().Blocks.Remove(oprid);
        Publish(new PlayerBlockChanged(oprid, cpf, this.GetPrimaryKeyString(), false, now, why, actor.ToString()));
        await SaveAuditedAsync(actor, "player_block.lifted", $"{oprid}/{Cpf.Mask(cpf)}", new { blockedSince = since }, null, why);
    }

    /// <summary>
    /// Raises each hit's alert, weighs it into the player's score at the operator, and acts on the
    /// score: a review alert for LOTTOPAR, or the operator's blocked list. Writes the state when
    /// something of it changed.
    /// </summary>
    private async Task JudgeAsync(List<(RuleSetting Setting, RuleHit Hit)> hits, string oprid, string cpf, RulebookSnapshot rules, bool changed)
    {
        var now = Clock.GetUtcNow();
        State.Cpf = cpf; // kept with the next write that happens for another reason (a block needs it)
        foreach (var (setting, hit) in hits)
        {
            var alert = await RaiseAsync(setting, hit, hit.AcrossOperators ? null : oprid, cpf, now);
            if (alert.Snooze?.Until > now)
            {
                continue; // an analyst snoozed the rule for this player: the finding weighs nothing either
            }

            if (rules.Of(ScorePolicy.Id) is { Enabled: true } policy)
            {
                var mark = new ScoreMark(setting.RuleId, hit.Evidence.Count > 0 ? $"{hit.Evidence[0].Kind}:{hit.Evidence[0].Id}" : now.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                    hit.AcrossOperators ? null : oprid, PolicyRule.PointsOf(setting.Severity, policy), now);
                changed |= SubjectScores.Add(State.Scores, mark);
            }
        }

        if (hits.Count > 0 && rules.Of(ScorePolicy.Id) is { Enabled: true } scoring)
        {
            SubjectScores.Prune(State.Scores, now);
            var score = SubjectScores.ScoreAt(State.Scores, oprid, now, scoring, State.ScoreResets.TryGetValue(oprid, out var reset) ? reset : null);
            var verdict = SubjectScores.Judge(score, scoring, State.Blocks.ContainsKey(oprid));
            var last = hits[^1].Hit;
            if (verdict != ScoreVerdict.None)
            {
                await RaiseAsync(scoring, new RuleHit($"Pontuação {score} no operador {oprid} (revisão a partir de {scoring[PlayerScorePolicy.ReviewThreshold]})", last.Evidence), null, cpf, now);
            }

            if (verdict == ScoreVerdict.Interdiction)
            {
                var reason = $"Pontuação {score} (interdição a partir de {scoring[PlayerScorePolicy.InterdictionThreshold]}), regra {scoring.Name}";
                State.Blocks[oprid] = now;
                Windows().Blocks[oprid] = now;
                Publish(new PlayerBlockChanged(oprid, cpf, this.GetPrimaryKeyString(), true, now, reason, Actor.System(ScorePolicy.Id).ToString()));
                await RaiseAsync(scoring, new RuleHit($"Jogador bloqueado: {reason}", last.Evidence), oprid, cpf, now);
                changed = true;
            }
        }

        if (changed)
        {
            await WriteStateAsync();
        }
    }

    private static readonly PlayerScorePolicy ScorePolicy = new();

    private PlayerWindows Windows() => _windows ??= new PlayerWindows { Payments = State.Payments, Blocks = new(State.Blocks) };

    private void Publish(PlayerBlockChanged change) =>
        State.Outbox.Publish(new StreamId(IntegrityStreams.Namespace, change.Oprid), IntegrityStreams.PlayerBlockChanged, change, change.At);

    private Task<AlertView> RaiseAsync(RuleSetting setting, RuleHit hit, string? oprid, string cpf, DateTimeOffset now)
    {
        var subject = new AlertSubject(SubjectKind.Player, this.GetPrimaryKeyString(), oprid);
        return RuleRunner.RaiseAsync(GrainFactory, setting, subject, hit, cpf, now);
    }
}

/// <summary>What the integrity module takes from the platform's stream events, in one place.</summary>
public static class IntegrityObservations
{
    public static BetObservation Of(BettingEventRecord record) => new(
        record.EventId, record.Oprid, record.Cpf, ContractNames.Of(record.Event.Event), record.Event.EventDate, record.Event.BetSlipId,
        record.Event.TotalStake, record.Event.BonusAmount, record.Event.IsFreeBet, record.Flags);

    public static PaymentObservation Of(GrainInterfaces.Payments.PaymentSettled settled) => new(
        settled.PaymentId, settled.Oprid, settled.Cpf, settled.Kind, settled.Outcome, settled.Amount, settled.At, settled.EndToEndId);

    public static PayoutKeyObservation Of(GrainInterfaces.Payments.PayoutKeyChecked check, string playerKey) => new(
        check.Oprid, check.Cpf, playerKey, check.KeyFingerprint, check.KeyMasked, check.HolderIsPlayer, check.At);
}
