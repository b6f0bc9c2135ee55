using System.Text.Json;
using Lottopar.GrainInterfaces.Betting;
using Lottopar.Grains.Common;
using Lottopar.Runtime;
using Microsoft.Extensions.Logging;

namespace Lottopar.Grains.Betting;

/// <summary>
/// Every betting event of a player passes here, one at a time: the player's flags are judged
/// against the last balance the same operator reported, then the bet slip records the event (the
/// one commit). The player's view is a snapshot plus a replay of the event store.
/// </summary>
[PersonalDataKey]
[GrainType("player")]
public sealed class PlayerGrain(TimeProvider clock, IBettingHistory history, ILogger<PlayerGrain> logger) : Grain<PlayerState>, IPlayerGrain
{
    /// <summary>Events folded in before the snapshot is written (the replay after a restart is at most this long).</summary>
    private static readonly JsonSerializerOptions InspectionJson = new(JsonSerializerDefaults.Web);

    public const int SnapshotEvery = 100;

    /// <summary>Days of totals kept per operator.</summary>
    public const int DaysKept = 31;

    private int _unsaved;

    private string Cpf => GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await foreach (var record in history.PlayerEventsAfterAsync(Cpf, State.LastSequence, cancellationToken))
        {
            Apply(record.Oprid, record.Event, record.Flags, record.PlayerSequence, record.ReceivedAt);
            _unsaved++;
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_unsaved > 0 && reason.LeavesTrustedState())
        {
            await WriteStateAsync(cancellationToken);
        }
    }

    public Task<JsonElement?> InspectAsync() =>
        Task.FromResult(State.LastSequence == 0 ? (JsonElement?)null : JsonSerializer.SerializeToElement(State, InspectionJson));

    public async Task<BettingEventAccepted> SubmitBettingEventAsync(string oprid, BettingEvent bettingEvent, IdempotencyClaim? idempotency = null)
    {
        var receivedAt = clock.GetUtcNow();
        var previous = State.Accounts.TryGetValue(oprid, out var account) ? account.LastBalance : (long?)null;
        var flags = BalanceRules.Judge(previous, bettingEvent, receivedAt);
        var sequence = State.LastSequence + 1;
        var slip = GrainFactory.GetGrain<IBetSlipGrain>(new BetSlipKey(oprid, bettingEvent.BetSlipId).ToString());
        var accepted = await slip.RecordAsync(new SlipSubmission(oprid, bettingEvent, sequence, receivedAt, flags, idempotency));
        if (!accepted.Replayed)
        {
            Apply(oprid, bettingEvent, accepted.Flags, sequence, accepted.ReceivedAt);
            if (++_unsaved >= SnapshotEvery)
            {
                await WriteSnapshotAsync();
            }
        }

        return accepted;
    }

    /// <summary>
    /// The snapshot only shortens the replay on activation: the event is already committed by its
    /// slip, so a snapshot that cannot be written must not fail the event. The runtime drops this
    /// activation after a failed write, and the next one replays the event store.
    /// </summary>
    private async Task WriteSnapshotAsync()
    {
        try
        {
            await WriteStateAsync();
            _unsaved = 0;
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            logger.LogWarning("The snapshot of player {Player} was not written ({Error}); its next activation replays the event store",
                Validation.Cpf.Mask(Cpf), error.Message);
        }
    }

    public Task<PlayerSummary?> GetSummaryAsync(string oprid)
    {
        if (!State.Accounts.TryGetValue(oprid, out var account))
        {
            return Task.FromResult<PlayerSummary?>(null);
        }

        return Task.FromResult<PlayerSummary?>(new PlayerSummary(
            Validation.Cpf.Mask(Cpf), oprid, account.LastBalance, account.LastEventAt, account.Events,
            new Dictionary<string, long>(account.FlagCounts), [.. account.Days.Values.OrderByDescending(d => d.Day)], State.SelfExclusion));
    }

    private void Apply(string oprid, BettingEvent e, IReadOnlyList<string> flags, long sequence, DateTimeOffset receivedAt)
    {
        if (!State.Accounts.TryGetValue(oprid, out var account))
        {
            State.Accounts[oprid] = account = new OperatorAccount();
        }

        // Amounts are bounded (BettingEventRules.MaxCentavos), so these sums cannot overflow in
        // practice; checked, they would fail the call (and leave no trace) rather than wrap.
        var change = checked(e.CurrentPlayerBalance - e.LastPlayerBalance);
        var day = BrasiliaTime.Today(e.EventDate);
        var totals = account.Days.GetValueOrDefault(day) ?? new DailyTotals(day, 0, 0, 0, 0);
        account.Days[day] = e.Event switch
        {
            BettingEventType.NewBet => checked(totals with { Stakes = totals.Stakes + e.TotalStake, Bonus = totals.Bonus + e.BonusAmount, Bets = totals.Bets + 1 }),
            BettingEventType.Result => checked(totals with { Winnings = totals.Winnings + Math.Max(0, change) }),
            _ => totals,
        };
        foreach (var stale in account.Days.Keys.Where(d => d < day.AddDays(-DaysKept)).ToList())
        {
            account.Days.Remove(stale);
        }

        foreach (var flag in flags)
        {
            account.FlagCounts[flag] = account.FlagCounts.GetValueOrDefault(flag) + 1;
        }

        account.LastBalance = e.CurrentPlayerBalance;
        account.LastEventAt = receivedAt;
        account.Events++;
        State.LastSequence = sequence;
    }
}
