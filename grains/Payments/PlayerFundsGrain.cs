using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Payments;
using Lottopar.Grains.Common;
using Lottopar.Providers.Abstractions;
using Orleans;
using Orleans.Runtime;
using StreamId = Lottopar.Providers.Abstractions.StreamId;

namespace Lottopar.Grains.Payments;

public sealed class PlayerFundsState : IHasOutbox
{
    public string? Cpf { get; set; }

    public Dictionary<DepositLimitPeriod, DepositLimit> Limits { get; set; } = [];

    public List<ReservedDeposit> Deposits { get; set; } = [];

    public PayoutAccount? PayoutAccount { get; set; }

    public List<PlayerPause> Pauses { get; set; } = [];

    /// <summary>Payouts made (a returned one no longer counts), kept as long as deposits are.</summary>
    public List<RecordedWithdrawal> Withdrawals { get; set; } = [];

    [System.Text.Json.Serialization.JsonIgnore]
    public GrainOutbox Outbox { get; } = new();
}

/// <summary>A payout counted in the player's withdrawals.</summary>
public sealed record RecordedWithdrawal(string Id, long Amount, DateTimeOffset At, bool Returned);

/// <summary>
/// A player's deposit limits, deposits, withdrawals, pauses and payout account at one operator. Limit and account changes
/// are audited (the CPF and the key masked).
/// </summary>
[GrainType("player_funds")]
public sealed class PlayerFundsGrain(
    [PersistentState(GrainStorageNames.State, GrainStorageNames.Storage)] IPersistentState<PlayerFundsState> state,
    TimeProvider clock,
    PersonalGrainKeys keys,
    IPixGateway pix) : OrleansAuditedGrain<PlayerFundsState>(state, clock), IPlayerFundsGrain
{
    public const string TargetType = "player_funds";

    protected override string AuditTargetType => TargetType;

    private PlayerFundsKey Key => PlayerFundsKey.Parse(this.GetPrimaryKeyString());

    private string Oprid => Key.Oprid;

    public Task<PlayerFundsView> GetAsync(string cpf)
    {
        RequireKeyOf(cpf);
        return Task.FromResult(View(cpf));
    }

    public async Task<PlayerFundsView> SetDepositLimitAsync(string cpf, DepositLimitPeriod period, long? amount, Actor actor)
    {
        RequireKeyOf(cpf);
        if (!Enum.IsDefined(period) || amount is < 1 or > DepositLimits.MaxLimit)
        {
            throw DomainValidationException.For(amount is < 1 or > DepositLimits.MaxLimit ? "amount" : "period",
                $"A period (day, week, month) and an amount in centavos from 1 to {DepositLimits.MaxLimit}, or null to remove the limit.");
        }

        var before = View(cpf);
        var changed = DepositLimits.Change(State.Limits.GetValueOrDefault(period), period, amount, Clock.GetUtcNow());
        State.Cpf = cpf;
        State.Limits[period] = changed;
        await SaveAuditedAsync(actor, "deposit_limit.set", this.GetPrimaryKeyString(), before, View(cpf));
        return View(cpf);
    }

    public async Task<PlayerFundsView> SetPauseAsync(string cpf, PlayerPauseKind kind, DateTimeOffset? until, Actor actor)
    {
        RequireKeyOf(cpf);
        var before = View(cpf);
        State.Pauses = [.. PlayerPauses.Set(State.Pauses, kind, until, Clock.GetUtcNow())];
        State.Cpf = cpf;
        await SaveAuditedAsync(actor, "player_pause.set", this.GetPrimaryKeyString(), before, View(cpf));
        return View(cpf);
    }

    public async Task ReserveDepositAsync(string cpf, string depositId, long amount, DateTimeOffset expiresAt)
    {
        RequireKeyOf(cpf);
        if (State.Deposits.Any(d => d.Id == depositId))
        {
            return;
        }

        var now = Clock.GetUtcNow();
        var paused = PlayerPauses.InForce(State.Pauses, now).Select(p => PlayerPauses.ReasonCode(p.Kind)).ToList();
        if (paused.Count > 0)
        {
            throw new PaymentRefusedException("player_paused", "The player asked this operator for a pause that is in force: no deposits until it ends.", paused);
        }

        var exceeded = DepositLimits.Exceeded(State.Limits.Values, State.Deposits, amount, now);
        if (exceeded.Count > 0)
        {
            throw new PaymentRefusedException("deposit_limit_exceeded", "This deposit would pass a deposit limit the operator set for the player.", exceeded);
        }

        State.Cpf = cpf;
        State.Deposits.RemoveAll(d => d.At < now - DepositLimits.Kept);
        State.Deposits.Add(new ReservedDeposit(depositId, amount, now, expiresAt, ReservedDepositStatus.Pending));
        await WriteStateAsync();
    }

    public async Task<PayoutAccountView> SetPayoutAccountAsync(string cpf, string pixKey, Actor actor)
    {
        RequireKeyOf(cpf);
        var type = PixKeys.TypeOf(pixKey)
            ?? throw DomainValidationException.For("pixKey", "A PIX key: the player's CPF (11 digits), an e-mail, a phone (+5541...) or a random key (UUID).");
        var holder = await pix.LookupKeyAsync(Oprid, pixKey, CancellationToken.None)
            ?? throw new PaymentRefusedException("payout_key_not_found", "The PSP's directory has no such PIX key.", []);
        State.Cpf = cpf;
        PublishKeyChecked(cpf, pixKey, type, holder.HolderCpf == cpf);
        if (holder.HolderCpf != cpf)
        {
            await WriteStateAsync(); // the attempt reaches the integrity module; the account stays as it was
            throw new PaymentRefusedException("payout_key_not_players", "This PIX key belongs to someone other than the player: payouts go only to the player's own account.", []);
        }

        var before = State.PayoutAccount is null ? null : PayoutView(cpf, State.PayoutAccount);
        State.PayoutAccount = new PayoutAccount(pixKey, type, holder.HolderName, holder.Ispb, Clock.GetUtcNow());
        var after = PayoutView(cpf, State.PayoutAccount);
        await SaveAuditedAsync(actor, "payout_account.set", this.GetPrimaryKeyString(), before, after);
        return after;
    }

    public Task<PayoutAccount?> GetPayoutAccountAsync(string cpf)
    {
        RequireKeyOf(cpf);
        return Task.FromResult(State.PayoutAccount);
    }

    public Task<PayoutAccountView> GetPayoutAccountViewAsync(string cpf)
    {
        RequireKeyOf(cpf);
        return State.PayoutAccount is { } account
            ? Task.FromResult(PayoutView(cpf, account))
            : throw new DomainNotFoundException("This player has no payout account at this operator yet.");
    }

    public async Task RecordWithdrawalAsync(string cpf, string payoutId, long amount, DateTimeOffset at, bool returned)
    {
        RequireKeyOf(cpf);
        var index = State.Withdrawals.FindIndex(w => w.Id == payoutId);
        if (index >= 0 && (State.Withdrawals[index].Returned || !returned))
        {
            return; // counted so already
        }

        var now = Clock.GetUtcNow();
        State.Cpf = cpf;
        if (index >= 0)
        {
            State.Withdrawals[index] = State.Withdrawals[index] with { Returned = true };
        }
        else
        {
            State.Withdrawals.Add(new RecordedWithdrawal(payoutId, amount, at, returned));
        }

        State.Withdrawals.RemoveAll(w => w.At < now - DepositLimits.Kept);
        await WriteStateAsync();
    }

    public async Task SettleDepositAsync(string depositId, bool completed)
    {
        var index = State.Deposits.FindIndex(d => d.Id == depositId);
        if (index < 0 || State.Deposits[index].Status != ReservedDepositStatus.Pending)
        {
            return;
        }

        State.Deposits[index] = State.Deposits[index] with { Status = completed ? ReservedDepositStatus.Completed : ReservedDepositStatus.Refunded };
        await WriteStateAsync();
    }

    /// <summary>Tells the integrity module (payments stream, with the next write) which key the player asked for and whether the directory says it is the player's.</summary>
    private void PublishKeyChecked(string cpf, string pixKey, string type, bool holderIsPlayer)
    {
        var now = Clock.GetUtcNow();
        State.Outbox.Publish(new StreamId(PaymentStreams.Namespace, Oprid), PaymentStreams.PayoutKeyChecked,
            new PayoutKeyChecked(Oprid, cpf, keys.PixKey(pixKey), PixKeys.Mask(pixKey), type, holderIsPlayer, now), now);
    }

    private PayoutAccountView PayoutView(string cpf, PayoutAccount account) =>
        new(Oprid, Validation.Cpf.Mask(cpf), PixKeys.Mask(account.PixKey), account.KeyType, account.HolderName, account.Ispb, account.VerifiedAt);

    private PlayerFundsView View(string cpf)
    {
        var now = Clock.GetUtcNow();
        return new PlayerFundsView(Oprid, Validation.Cpf.Mask(cpf),
            [.. State.Limits.Values.OrderBy(l => l.Period).Select(l => new DepositLimitUse(
                l.Period, DepositLimits.InForce(l, now), DepositLimits.Used(State.Deposits, l.Period, now), l.Pending is { } p && p.EffectiveAt > now ? p : null))],
            [.. PlayerPauses.InForce(State.Pauses, now)],
            [.. Enum.GetValues<DepositLimitPeriod>().Select(period => new PeriodTotals(period,
                DepositLimits.Paid(State.Deposits, period, now),
                State.Withdrawals.Where(w => !w.Returned && w.At >= DepositLimits.PeriodStart(period, now) && w.At <= now).Sum(w => w.Amount)))]);
    }

    private void RequireKeyOf(string cpf)
    {
        if (keys.Player(cpf) != Key.PlayerKey)
        {
            throw new ArgumentException("This CPF is not the player of this grain.", nameof(cpf));
        }
    }
}
