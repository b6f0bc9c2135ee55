using System.Text.Json;
using Lottopar.GrainInterfaces.Betting;
using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.CpfChecks;
using Lottopar.Grains.CpfChecks;
using Lottopar.Providers.Abstractions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Runtime;

namespace Lottopar.Grains.Betting;

/// <summary>
/// Every betting event of a player passes here, one at a time: the player's flags are judged
/// against the last balance the same operator reported, then the bet slip records the event (the
/// one commit). The player's view is a snapshot plus a replay of the event store.
/// On Orleans (issue 16): the key is a keyed hash of the CPF (<see cref="PersonalGrainKeys"/>), so
/// the CPF comes with each call, is checked against the key, and the replay waits for the first call.
/// </summary>
[GrainType("player")]
public sealed class PlayerGrain(
    [PersistentState(GrainStorageNames.State, GrainStorageNames.Storage)] IPersistentState<PlayerState> state,
    TimeProvider clock,
    IBettingHistory history,
    PersonalGrainKeys keys,
    ITaxRegistry taxRegistry,
    INationalSelfExclusionList nationalSelfExclusion,
    IOptions<CpfCheckOptions> cpfOptions,
    ILogger<PlayerGrain> logger) : Grain, IPlayerGrain
{
    private static readonly JsonSerializerOptions InspectionJson = new(JsonSerializerDefaults.Web);

    /// <summary>Events folded in before the snapshot is written (the replay after a restart is at most this long).</summary>
    public const int SnapshotEvery = 100;

    /// <summary>Days of totals kept per operator.</summary>
    public const int DaysKept = 31;

    private int _unsaved;

    /// <summary>The player's CPF, once a call has brought it and the event store has been replayed.</summary>
    private string? _cpf;

    /// <summary>The registry's answer and LOTTOPAR's lists, as last asked, until they expire.</summary>
    private CachedCpfFacts? _cpfFacts;

    /// <summary>Counts the lists' changes: facts asked before a change are used once, not kept.</summary>
    private long _cpfFactsGeneration;

    private PlayerState State => state.State;

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_unsaved > 0 && reason.LeavesTrustedState())
        {
            await state.WriteStateAsync(cancellationToken);
        }
    }

    public async Task<string?> InspectAsync(string cpf)
    {
        await CatchUpAsync(cpf);
        var known = State.LastSequence > 0 || State.Profiles.Count > 0 || State.SelfExclusion.Excluded;
        return known ? JsonSerializer.Serialize(State, InspectionJson) : null;
    }

    public async Task<BettingEventAccepted> SubmitBettingEventAsync(string oprid, BettingEvent bettingEvent, IdempotencyClaim? idempotency = null)
    {
        await CatchUpAsync(bettingEvent.Cpf);
        var receivedAt = clock.GetUtcNow();
        var previous = State.Accounts.TryGetValue(oprid, out var account) ? account.LastBalance : (long?)null;
        var flags = BalanceRules.Judge(previous, bettingEvent, receivedAt);
        if (bettingEvent.Event == BettingEventType.NewBet && PlayerProfiles.IsExcludedAt(State, bettingEvent.EventDate))
        {
            flags = [.. flags, BettingFlags.SelfExcludedPlayer];
        }

        var sequence = State.LastSequence + 1;
        var slip = GrainFactory.Keyed<IBetSlipGrain>(new BetSlipKey(oprid, bettingEvent.BetSlipId).ToString());
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

    public async Task ApplyVaultReportsAsync(string cpf, IReadOnlyList<PlayerVaultReport> reports)
    {
        await CatchUpAsync(cpf);
        foreach (var report in reports)
        {
            PlayerProfiles.Apply(State, report);
        }

        // Not in the event store: the profile lives in the snapshot, written now.
        await state.WriteStateAsync();
        _unsaved = 0;
    }

    public async Task<PlayerSummary?> GetSummaryAsync(string cpf, string oprid)
    {
        await CatchUpAsync(cpf);
        if (!State.Accounts.TryGetValue(oprid, out var account))
        {
            return null;
        }

        return new PlayerSummary(
            Validation.Cpf.Mask(cpf), oprid, account.LastBalance, account.LastEventAt, account.Events,
            new Dictionary<string, long>(account.FlagCounts), [.. account.Days.Values.OrderByDescending(d => d.Day)], State.SelfExclusion);
    }

    public async Task<CpfCheck> CheckCpfAsync(string cpf)
    {
        await CatchUpAsync(cpf);
        var now = clock.GetUtcNow();
        var facts = _cpfFacts;
        if (facts is null || facts.Expires <= now)
        {
            var generation = _cpfFactsGeneration;
            var registry = taxRegistry.FindAsync(cpf, CancellationToken.None);
            var national = nationalSelfExclusion.IsExcludedAsync(cpf, CancellationToken.None);
            var restrictions = await GrainFactory.Keyed<ICpfRestrictionsGrain>(this.GetPrimaryKeyString()).GetAsync(cpf);
            facts = new CachedCpfFacts(await registry, restrictions, await national == true, now + cpfOptions.Value.CacheFor);
            if (generation == _cpfFactsGeneration)
            {
                _cpfFacts = facts;
            }
        }

        return CpfCheckRules.Judge(facts.Registry, facts.Restrictions, PlayerProfiles.IsExcludedAt(State, now), now, facts.SelfExcludedNationally);
    }

    public Task ForgetCpfCheckAsync()
    {
        _cpfFactsGeneration++;
        _cpfFacts = null;
        return Task.CompletedTask;
    }

    /// <summary>
    /// On the first call of this activation: checks the CPF is the one this grain's key was made
    /// from, then folds in the events stored after the snapshot.
    /// </summary>
    private async Task CatchUpAsync(string cpf)
    {
        if (_cpf is null ? keys.Player(cpf) != this.GetPrimaryKeyString() : _cpf != cpf)
        {
            throw new ArgumentException("This CPF is not the player of this grain.", nameof(cpf));
        }

        if (_cpf is not null)
        {
            return;
        }

        await foreach (var record in history.PlayerEventsAfterAsync(cpf, State.LastSequence, CancellationToken.None))
        {
            Apply(record.Oprid, record.Event, record.Flags, record.PlayerSequence, record.ReceivedAt);
            _unsaved++;
        }

        _cpf = cpf;
    }

    /// <summary>
    /// The snapshot only shortens the replay on activation: the event is already committed by its
    /// slip, so a snapshot that cannot be written must not fail the event. This activation goes
    /// (its stored version may be unknown now), and the next one replays the event store.
    /// </summary>
    private async Task WriteSnapshotAsync()
    {
        try
        {
            await state.WriteStateAsync();
            _unsaved = 0;
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            _unsaved = 0;
            this.DeactivateOnIdle();
            logger.LogWarning("The snapshot of player {Player} was not written ({Error}); its next activation replays the event store",
                Validation.Cpf.Mask(_cpf!), error.GetType().Name);
        }
    }

    private void Apply(string oprid, BettingEvent e, IReadOnlyList<string> flags, long sequence, DateTimeOffset receivedAt)
    {
        if (!State.Accounts.TryGetValue(oprid, out var account))
        {
            State.Accounts[oprid] = account = new OperatorAccount();
        }

        // The sums are checked (BettingActivity): an overflow would fail the call (and the
        // failed-call guard drops this activation, never saving it) rather than wrap.
        var day = BettingActivity.DayOf(e);
        var totals = account.Days.GetValueOrDefault(day) ?? new DailyTotals(day, 0, 0, 0, 0);
        account.Days[day] = BettingActivity.Add(totals, BettingActivity.ChangeOf(e));
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

    private sealed record CachedCpfFacts(TaxRegistryEntry? Registry, IReadOnlyList<CpfRestriction> Restrictions, bool SelfExcludedNationally, DateTimeOffset Expires);
}
