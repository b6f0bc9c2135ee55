using Lottopar.GrainInterfaces.Betting;
using Lottopar.Providers.Abstractions;
using Orleans;
using Orleans.Runtime;
using StreamId = Lottopar.Providers.Abstractions.StreamId;

namespace Lottopar.Grains.Betting;

/// <summary>
/// Records a slip's events: a replay (the same event and event_date, or the same Idempotency-Key)
/// gets the original answer and changes nothing; anything else is judged by <see cref="SlipRules"/>
/// and written with its betting record (stream event and event store row, through the state's
/// outbox) in one commit. On Orleans (issue 16).
/// </summary>
[GrainType("bet_slip")]
public sealed class BetSlipGrain(
    [PersistentState(GrainStorageNames.State, GrainStorageNames.Storage)] IPersistentState<BetSlipGrainState> state) : Grain, IBetSlipGrain
{
    private BetSlipGrainState State => state.State;

    public async Task<BettingEventAccepted> RecordAsync(SlipSubmission submission)
    {
        var e = submission.Event;
        var replay = ReplayOf(submission);
        if (replay is not null)
        {
            return new BettingEventAccepted(replay.Entry.EventId, replay.Entry.ReceivedAt, e.BetSlipId, replay.StateAfter, replay.Entry.Flags, Replayed: true);
        }

        var (next, slipFlags) = SlipRules.Apply(State.State, State.Terms, State.Events.Count > 0 ? State.Cpf : null, e);
        var flags = submission.PlayerFlags.Concat(slipFlags).Distinct().ToList();
        var eventId = Guid.CreateVersion7(submission.ReceivedAt);
        if (State.Events.Count == 0)
        {
            State.Cpf = e.Cpf;
        }

        if (State.Terms is null || (e.Event == BettingEventType.NewBet && State.State is null))
        {
            State.Terms = SlipTerms.Of(e);
        }

        State.State = next;
        State.Events.Add(new RecordedSlipEvent(
            new SlipEventEntry(eventId, e.Event, e.EventDate, submission.ReceivedAt, e.LastPlayerBalance, e.CurrentPlayerBalance, e.BetSlipState, flags),
            next,
            e.EventDateGiven,
            submission.Idempotency));

        var record = new BettingEventRecord(eventId, submission.Oprid, e.Cpf, submission.PlayerSequence, submission.ReceivedAt, e, flags);
        State.Outbox.Publish(new StreamId(BettingStreams.Namespace, submission.Oprid), BettingStreams.EventRecorded, record, submission.ReceivedAt);
        await state.WriteStateAsync();
        if (next is not BetSlipState.Open)
        {
            // A settled or cancelled slip expects nothing more; a late event or a read activates it again.
            this.DeactivateOnIdle();
        }

        return new BettingEventAccepted(eventId, submission.ReceivedAt, e.BetSlipId, next, flags, Replayed: false);
    }

    /// <summary>
    /// The earlier event this submission repeats: the same Idempotency-Key within its lifetime
    /// (refused if its body differed), or the same event and event_date.
    /// </summary>
    private RecordedSlipEvent? ReplayOf(SlipSubmission submission)
    {
        if (submission.Idempotency is { } claim)
        {
            var keyed = State.Events.Find(r => r.Idempotency?.Key == claim.Key && r.Entry.ReceivedAt + IdempotencyClaim.Lifetime > submission.ReceivedAt);
            if (keyed is not null)
            {
                return keyed.Idempotency!.RequestHash == claim.RequestHash
                    ? keyed
                    : throw BettingIdempotencyGrain.KeyReusedWithAnotherBody();
            }
        }

        var e = submission.Event;
        return e.EventDateGiven
            ? State.Events.Find(r => r.EventDateGiven && r.Entry.Event == e.Event && r.Entry.EventDate == e.EventDate)
            : null;
    }

    public Task<BetSlipView?> GetAsync()
    {
        if (State.Events.Count == 0)
        {
            return Task.FromResult<BetSlipView?>(null);
        }

        var key = BetSlipKey.Parse(this.GetPrimaryKeyString());
        var terms = State.Terms!;
        return Task.FromResult<BetSlipView?>(new BetSlipView(
            key.Oprid, key.BetSlipId, Validation.Cpf.Mask(State.Cpf), State.State!.Value,
            terms.TotalStake, terms.TotalOdds, terms.LegCount, terms.IsFreeBet, terms.LegIds, [.. State.Events.Select(r => r.Entry)]));
    }
}
