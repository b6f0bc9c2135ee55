using Lottopar.GrainInterfaces.Betting;
using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Integrity;
using Lottopar.Grains.Betting;
using Lottopar.Providers.Abstractions;
using Orleans;
using Orleans.Runtime;

namespace Lottopar.Grains.Integrity;

/// <summary>The payments the player rules count over; the bets are rebuilt from the event store.</summary>
public sealed class PlayerWatchState
{
    public List<PaymentMark> Payments { get; set; } = [];
}

/// <summary>
/// The integrity module's player (key: the player's personal grain key, across operators). Its bet
/// windows cost no write: on its first bet after activation it folds the player's last
/// <see cref="PlayerWindows.BetDaysKept"/> days from the event store (the delivered event among
/// them: it was committed before it was published), and folding is idempotent. Payments are fewer,
/// and kept in its state. Every delivered event is judged, a redelivered one too: the alert grain
/// does not count evidence twice.
/// </summary>
[GrainType("player_watch")]
public sealed class PlayerWatchGrain(
    [PersistentState(GrainStorageNames.State, GrainStorageNames.Storage)] IPersistentState<PlayerWatchState> state,
    IBettingHistory history,
    TimeProvider clock) : Grain, IPlayerWatchGrain
{
    private PlayerWindows? _windows;
    private bool _betsLoaded;

    public async Task ObserveBetAsync(BetObservation bet, RulebookSnapshot rules)
    {
        var windows = Windows();
        if (!_betsLoaded)
        {
            await foreach (var record in history.PlayerEventsSinceAsync(bet.Cpf, clock.GetUtcNow().AddDays(-(PlayerWindows.BetDaysKept + 1)), CancellationToken.None))
            {
                windows.Fold(IntegrityObservations.Of(record));
            }

            _betsLoaded = true;
        }

        windows.Fold(bet);
        foreach (var rule in IntegrityRules.OfKind<PlayerBetRule>())
        {
            if (rules.Of(rule.Id) is { Enabled: true } setting && rule.Evaluate(bet, windows, setting) is { } hit)
            {
                await RaiseAsync(rule, setting, hit, bet.Oprid, bet.Cpf);
            }
        }
    }

    public async Task ObservePaymentAsync(PaymentObservation payment, RulebookSnapshot rules)
    {
        var windows = Windows();
        if (windows.Fold(payment))
        {
            windows.Prune(clock.GetUtcNow());
            await state.WriteStateAsync();
        }

        foreach (var rule in IntegrityRules.OfKind<PlayerPaymentRule>())
        {
            if (rules.Of(rule.Id) is { Enabled: true } setting && rule.Evaluate(payment, windows, setting) is { } hit)
            {
                await RaiseAsync(rule, setting, hit, payment.Oprid, payment.Cpf);
            }
        }
    }

    private PlayerWindows Windows() => _windows ??= new PlayerWindows { Payments = state.State.Payments };

    private Task<AlertView> RaiseAsync(IntegrityRule rule, RuleSetting setting, RuleHit hit, string oprid, string cpf)
    {
        var subject = new AlertSubject(SubjectKind.Player, this.GetPrimaryKeyString(), hit.AcrossOperators ? null : oprid);
        return GrainFactory.Keyed<IIntegrityAlertGrain>(AlertKey.Of(rule.Id, subject).ToString()).RaiseAsync(
            new AlertSignal(rule.Id, setting.Version, setting.Severity, subject, cpf, hit.Summary, hit.Evidence, clock.GetUtcNow()));
    }
}

/// <summary>What the integrity module takes from the platform's stream events, in one place.</summary>
public static class IntegrityObservations
{
    public static BetObservation Of(BettingEventRecord record) => new(
        record.EventId, record.Oprid, record.Cpf, EventName(record.Event.Event), record.Event.EventDate, record.Event.BetSlipId,
        record.Event.TotalStake, record.Event.BonusAmount, record.Event.IsFreeBet, record.Flags);

    public static PaymentObservation Of(GrainInterfaces.Payments.PaymentSettled settled) => new(
        settled.PaymentId, settled.Oprid, settled.Cpf, settled.Kind, settled.Outcome, settled.Amount, settled.At, settled.EndToEndId);

    private static string EventName(BettingEventType type) => type switch
    {
        BettingEventType.NewBet => "new_bet",
        BettingEventType.Result => "result",
        _ => "cancellation",
    };
}
