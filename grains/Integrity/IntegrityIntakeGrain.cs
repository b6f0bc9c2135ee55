using Lottopar.GrainInterfaces.Betting;
using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Integrity;
using Lottopar.GrainInterfaces.Payments;
using Lottopar.GrainInterfaces.Vault;
using Lottopar.Providers.Abstractions;
using Orleans;
using Orleans.Runtime;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace Lottopar.Grains.Integrity;

/// <summary>
/// Where an operator's streams enter the integrity module (key: the OPRID, the key of its betting,
/// payments and vault streams; implicitly subscribed, so Orleans' pulling agents deliver every event
/// at least once, in order per stream). It judges the operator rules and hands each player's events
/// to the player's watch, and each hour the vault accepts to the operator's reconciliations. The synchronous paths never wait for it: it reads what they committed.
/// </summary>
[GrainType("integrity_intake")]
[ImplicitStreamSubscription(BettingStreams.Namespace)]
[ImplicitStreamSubscription(PaymentStreams.Namespace)]
[ImplicitStreamSubscription(VaultStreams.Namespace)]
public sealed class IntegrityIntakeGrain(PersonalGrainKeys keys, IStreamEventLog shadows, TimeProvider clock) : Grain, IGrainWithStringKey, IStreamSubscriptionObserver
{
    /// <summary>How long a snapshot of the rulebook is used before it is asked again.</summary>
    public static readonly TimeSpan RulesFor = TimeSpan.FromSeconds(2);

    private readonly OperatorWindows _windows = new();
    private RulebookCache? _rules;

    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory)
    {
        switch (handleFactory.StreamId.GetNamespace())
        {
            case BettingStreams.Namespace:
                await handleFactory.Create<BettingEventRecord>().ResumeAsync((record, _) => OnBetAsync(IntegrityObservations.Of(record)));
                break;
            case PaymentStreams.Namespace:
                await handleFactory.Create<PaymentSettled>().ResumeAsync((settled, _) => OnPaymentAsync(IntegrityObservations.Of(settled)));
                break;
            case VaultStreams.Namespace:
                await handleFactory.Create<VaultEvent>().ResumeAsync((vaultEvent, _) => OnVaultEventAsync(vaultEvent));
                break;
        }
    }

    private async Task OnBetAsync(BetObservation bet)
    {
        var rules = await RulesAsync();
        _windows.Fold(bet);
        await JudgeAsync<OperatorBetRule>(rules, (rule, setting) => rule.Evaluate(bet, _windows, setting));

        await GrainFactory.Keyed<IPlayerWatchGrain>(keys.Player(bet.Cpf)).ObserveBetAsync(bet, rules);
    }

    private async Task OnPaymentAsync(PaymentObservation payment) =>
        await GrainFactory.Keyed<IPlayerWatchGrain>(keys.Player(payment.Cpf)).ObservePaymentAsync(payment, await RulesAsync());

    private async Task OnVaultEventAsync(VaultEvent vaultEvent)
    {
        await JudgeAsync<OperatorVaultRule>(await RulesAsync(), (rule, setting) => rule.Evaluate(vaultEvent, setting));
        if (vaultEvent is { Kind: VaultStreams.FileAccepted, Hour: { } hour })
        {
            await GrainFactory.Keyed<IVaultReconciliationGrain>(this.GetPrimaryKeyString()).HourFiledAsync(hour);
        }
    }

    /// <summary>The operator rules of one kind: the live versions raise, the shadow ones are recorded.</summary>
    private Task JudgeAsync<TJudge>(RulebookSnapshot rules, Func<TJudge, RuleSetting, RuleHit?> judge) where TJudge : class
    {
        var oprid = this.GetPrimaryKeyString();
        return RuleRunner.JudgeAsync(GrainFactory, shadows, this.GetGrainId(), rules, judge, new AlertSubject(SubjectKind.Operator, oprid, oprid), clock.GetUtcNow());
    }

    private Task<RulebookSnapshot> RulesAsync() => (_rules ??= new RulebookCache(GrainFactory)).GetAsync();
}
