using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Integrity;
using Lottopar.GrainInterfaces.Payments;
using Orleans;
using Orleans.Runtime;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace Lottopar.Grains.Integrity;

/// <summary>
/// Where an operator's payout-key checks enter the integrity module (key: the OPRID; implicitly
/// subscribed to its payments stream, taking only <see cref="PayoutKeyChecked"/>: the settled
/// payments go to <see cref="IntegrityIntakeGrain"/>). Each check goes to the key's watch and to the player's.
/// </summary>
[GrainType("payout_key_intake")]
[ImplicitStreamSubscription(PaymentStreams.Namespace)]
public sealed class PayoutKeyIntakeGrain(PersonalGrainKeys keys) : Grain, IGrainWithStringKey, IStreamSubscriptionObserver
{
    private RulebookCache? _rules;

    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        await handleFactory.Create<PayoutKeyChecked>().ResumeAsync((check, _) => OnCheckAsync(IntegrityObservations.Of(check, keys.Player(check.Cpf))));

    private async Task OnCheckAsync(PayoutKeyObservation seen)
    {
        var rules = await (_rules ??= new RulebookCache(GrainFactory)).GetAsync();
        await GrainFactory.Keyed<IPixKeyWatchGrain>(seen.KeyFingerprint).ObserveAsync(seen, rules);
        await GrainFactory.Keyed<IPlayerWatchGrain>(seen.PlayerKey).ObservePayoutKeyAsync(seen, rules);
    }
}
