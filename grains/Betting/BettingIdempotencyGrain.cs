using Lottopar.GrainInterfaces.Betting;
using Lottopar.GrainInterfaces.Common;
using Lottopar.Providers.Abstractions;
using Orleans;
using Orleans.Runtime;

namespace Lottopar.Grains.Betting;

public sealed class BettingIdempotencyState
{
    public string RequestHash { get; set; } = "";

    public BettingEventAccepted? Answer { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }
}

/// <summary>
/// One operator's Idempotency-Key. The first request runs inside this grain's turn, so concurrent
/// repeats wait in its mailbox and then receive the kept answer instead of running again. The
/// bet slip keeps the key with the event in the event's own commit: if the silo dies after that
/// commit and before this grain keeps the answer, the re-send reaches the slip, which answers it
/// as the replay it is. On Orleans (issue 16).
/// </summary>
[GrainType("betting_idempotency")]
public sealed class BettingIdempotencyGrain(
    [PersistentState(GrainStorageNames.State, GrainStorageNames.Storage)] IPersistentState<BettingIdempotencyState> state,
    TimeProvider clock,
    PersonalGrainKeys keys) : Grain, IBettingIdempotencyGrain
{
    private BettingIdempotencyState State => state.State;

    public async Task<BettingEventAccepted> SubmitAsync(string requestHash, BettingEvent bettingEvent)
    {
        var now = clock.GetUtcNow();
        if (State.Answer is { } answer && State.ExpiresAt > now)
        {
            return State.RequestHash == requestHash
                ? answer with { Replayed = true }
                : throw KeyReusedWithAnotherBody();
        }

        var key = BettingIdempotencyKey.Parse(this.GetPrimaryKeyString());
        var accepted = await GrainFactory.Keyed<IPlayerGrain>(keys.Player(bettingEvent.Cpf))
            .SubmitBettingEventAsync(key.Oprid, bettingEvent, new IdempotencyClaim(key.IdempotencyKey, requestHash));
        State.RequestHash = requestHash;
        State.Answer = accepted with { Replayed = false };
        State.ExpiresAt = (accepted.Replayed ? accepted.ReceivedAt : now) + IdempotencyClaim.Lifetime;
        await state.WriteStateAsync();
        return accepted;
    }

    /// <summary>The refusal of a key sent again, within its lifetime, with another body (here or at the bet slip that kept it).</summary>
    internal static DomainValidationException KeyReusedWithAnotherBody() =>
        DomainValidationException.For("Idempotency-Key", "This key was used in the last 24 hours with a different request body.");
}
