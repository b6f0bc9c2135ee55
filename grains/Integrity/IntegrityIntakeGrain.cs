using Lottopar.GrainInterfaces.Betting;
using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Integrity;
using Lottopar.GrainInterfaces.Payments;
using Lottopar.GrainInterfaces.Vault;
using Orleans;
using Orleans.Runtime;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace Lottopar.Grains.Integrity;

/// <summary>
/// Where an operator's streams enter the integrity module (key: the OPRID, the key of its betting,
/// payments and vault streams; implicitly subscribed, so Orleans' pulling agents deliver every event
/// at least once, in order per stream). It judges the operator rules and hands each player's events
/// to the player's watch. The synchronous paths never wait for it: it reads what they committed.
/// </summary>
[GrainType("integrity_intake")]
[ImplicitStreamSubscription(BettingStreams.Namespace)]
[ImplicitStreamSubscription(PaymentStreams.Namespace)]
[ImplicitStreamSubscription(VaultStreams.Namespace)]
public sealed class IntegrityIntakeGrain(PersonalGrainKeys keys, TimeProvider clock) : Grain, IGrainWithStringKey, IStreamSubscriptionObserver
{
    /// <summary>How long a snapshot of the rulebook is used before it is asked again.</summary>
    public static readonly TimeSpan RulesFor = TimeSpan.FromSeconds(2);

    private readonly OperatorWindows _windows = new();
    private RulebookSnapshot? _rules;
    private long _rulesAt;

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
        foreach (var rule in IntegrityRules.OfKind<OperatorBetRule>())
        {
            if (rules.Of(rule.Id) is { Enabled: true } setting && rule.Evaluate(bet, _windows, setting) is { } hit)
            {
                await RaiseAsync(rule, setting, hit);
            }
        }

        await GrainFactory.Keyed<IPlayerWatchGrain>(keys.Player(bet.Cpf)).ObserveBetAsync(bet, rules);
    }

    private async Task OnPaymentAsync(PaymentObservation payment) =>
        await GrainFactory.Keyed<IPlayerWatchGrain>(keys.Player(payment.Cpf)).ObservePaymentAsync(payment, await RulesAsync());

    private async Task OnVaultEventAsync(VaultEvent vaultEvent)
    {
        var rules = await RulesAsync();
        foreach (var rule in IntegrityRules.OfKind<OperatorVaultRule>())
        {
            if (rules.Of(rule.Id) is { Enabled: true } setting && rule.Evaluate(vaultEvent, setting) is { } hit)
            {
                await RaiseAsync(rule, setting, hit);
            }
        }
    }

    private Task<AlertView> RaiseAsync(IntegrityRule rule, RuleSetting setting, RuleHit hit)
    {
        var oprid = this.GetPrimaryKeyString();
        var subject = new AlertSubject(SubjectKind.Operator, oprid, oprid);
        return GrainFactory.Keyed<IIntegrityAlertGrain>(AlertKey.Of(rule.Id, subject).ToString()).RaiseAsync(
            new AlertSignal(rule.Id, setting.Version, setting.Severity, subject, null, hit.Summary, hit.Evidence, clock.GetUtcNow()));
    }

    private async Task<RulebookSnapshot> RulesAsync()
    {
        // Monotonic time, not the business clock: how fresh a cache is has nothing to do with business dates.
        if (_rules is null || System.Diagnostics.Stopwatch.GetElapsedTime(_rulesAt) > RulesFor)
        {
            _rules = await GrainFactory.Keyed<IIntegrityRulebookGrain>(IntegrityRulebookGrain.DefaultKey).GetSnapshotAsync();
            _rulesAt = System.Diagnostics.Stopwatch.GetTimestamp();
        }

        return _rules;
    }
}
