using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Payments;
using Lottopar.Providers.Abstractions;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Runtime;
using StreamId = Lottopar.Providers.Abstractions.StreamId;

namespace Lottopar.Grains.Payments;

public sealed class CashOutState : IHasOutbox
{
    public string? Oprid { get; set; }

    public string Cpf { get; set; } = "";

    public long Amount { get; set; }

    public string Reference { get; set; } = "";

    public string RequestHash { get; set; } = "";

    /// <summary>The player's payout key when the payout was asked: a later change of account does not redirect it.</summary>
    public string PixKey { get; set; } = "";

    public CashOutStatus Status { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public string? EndToEndId { get; set; }

    /// <summary>When the PSP made (or refused) the PIX, by its clock (reconciliation matches on it).</summary>
    public DateTimeOffset? PaidAt { get; set; }

    public DateTimeOffset? SettledAt { get; set; }

    public string? FailureReason { get; set; }

    public DateTimeOffset? ReturnedAt { get; set; }

    [System.Text.Json.Serialization.JsonIgnore]
    public GrainOutbox Outbox { get; } = new();
}

/// <summary>
/// One payout. Its state is written (pending) before the PSP is asked, under the payout's own id,
/// which the PSP keeps as the PIX's idEnvio: whatever happens after that write (a timeout, a crash, a
/// retry by the operator), asking the PSP again with the same id answers the PIX already sent, so the
/// money leaves at most once. A pending payout is settled by the next answer: the operator's retry,
/// the PSP's webhook, or the reconciler. Each transition's ledger entries and notification go on the
/// "payments" stream with the state write.
/// </summary>
[GrainType("cash_out")]
public sealed class CashOutGrain(
    [PersistentState(GrainStorageNames.State, GrainStorageNames.Storage)] IPersistentState<CashOutState> state,
    TimeProvider clock,
    IPixGateway pix,
    PersonalGrainKeys keys,
    ILogger<CashOutGrain> logger) : Grain, ICashOutGrain
{
    private CashOutState State => state.State;

    private string Id => this.GetPrimaryKeyString();

    public async Task<CashOutView> CreateAsync(string oprid, CashOutRequest request, string requestHash)
    {
        if (State.Oprid is not null)
        {
            if (State.Oprid != oprid || State.RequestHash != requestHash)
            {
                throw new DomainConflictException("Idempotency-Key", "This Idempotency-Key was already used for another request.");
            }

            return State.Status == CashOutStatus.Pending ? await SendAsync() : View();
        }

        var valid = CashOutRules.Validate(request);
        var funds = GrainFactory.Keyed<IPlayerFundsGrain>(new PlayerFundsKey(keys.Player(valid.Cpf), oprid).ToString());
        var account = await funds.GetPayoutAccountAsync(valid.Cpf)
            ?? throw new PaymentRefusedException("payout_account_missing", "This player has no payout account: register the player's PIX key first (PUT /players/payout-account).", []);

        State.Oprid = oprid;
        State.Cpf = valid.Cpf;
        State.Amount = valid.Amount;
        State.Reference = valid.Reference;
        State.RequestHash = requestHash;
        State.PixKey = account.PixKey;
        State.Status = CashOutStatus.Pending;
        State.CreatedAt = clock.GetUtcNow();
        await state.WriteStateAsync(); // the intent first: from here on, the PSP is only ever asked under this id
        return await SendAsync();
    }

    public Task<CashOutView> GetAsync(string oprid) =>
        State.Oprid == oprid ? Task.FromResult(View()) : throw new DomainNotFoundException($"There is no payment {Id}.");

    public async Task<CashOutView?> SettleAsync(string oprid)
    {
        if (State.Oprid != oprid)
        {
            return null;
        }

        switch (State.Status)
        {
            case CashOutStatus.Pending:
                // Not at the PSP: the first request never reached it (or is still on its way; the id makes a second one harmless).
                return await pix.GetPayoutAsync(oprid, Id, CancellationToken.None) is { } payout ? await ApplyAsync(payout) : await SendAsync();
            case CashOutStatus.Completed:
                return await pix.GetPayoutAsync(oprid, Id, CancellationToken.None) is { Status: PixPayoutStatus.Returned } returned ? await ApplyAsync(returned) : View();
            default:
                return View();
        }
    }

    /// <summary>Sends the PIX under this payout's id and applies the answer; without one (the PSP unreachable or slow), the payout stays pending.</summary>
    private async Task<CashOutView> SendAsync()
    {
        PixPayout payout;
        try
        {
            payout = await pix.SendPayoutAsync(State.Oprid!, Id, State.Amount, State.PixKey, State.Cpf, CashOutRules.PayeeMessage(State.Reference), CancellationToken.None);
        }
        catch (DependencyUnavailableException error)
        {
            logger.LogWarning("Payout {Id} of {Oprid} has no answer from the PSP yet ({Reason}): pending until the PSP is asked again", Id, State.Oprid, error.Message);
            return View();
        }
        catch (PixRefusedException error)
        {
            logger.LogWarning("The PSP of {Oprid} refused payout {Id}: {Status} {Detail}", State.Oprid, Id, error.Status, error.Message);
            return await ApplyAsync(new PixPayout(Id, "", State.Amount, State.PixKey, PixPayoutStatus.NotDone, "psp_refused", clock.GetUtcNow(), null));
        }

        return await ApplyAsync(payout);
    }

    /// <summary>Moves the payout to what the PSP says, publishing each step once (a pending payout found returned is first completed).</summary>
    private async Task<CashOutView> ApplyAsync(PixPayout payout)
    {
        if (payout.Centavos != State.Amount)
        {
            logger.LogError("The PSP of {Oprid} answers payout {Id} with another amount: left pending for LOTTOPAR to look at", State.Oprid, Id);
            return View();
        }

        var now = clock.GetUtcNow();
        if (State.Status == CashOutStatus.Pending && payout.Status == PixPayoutStatus.NotDone)
        {
            State.Status = CashOutStatus.Failed;
            State.FailureReason = Reasons.Of(payout.Reason);
            State.PaidAt = payout.At;
            State.SettledAt = now;
            Publish("failed", [], now);
        }

        if (State.Status == CashOutStatus.Pending && payout.Status is PixPayoutStatus.Completed or PixPayoutStatus.Returned)
        {
            State.Status = CashOutStatus.Completed;
            State.EndToEndId = payout.EndToEndId;
            State.PaidAt = payout.At;
            State.SettledAt = now;
            Publish("completed", Ledger.CashOutCompleted(State.Amount), now);
        }

        if (State.Status == CashOutStatus.Completed && payout.Status == PixPayoutStatus.Returned)
        {
            State.Status = CashOutStatus.Returned;
            State.ReturnedAt = payout.ReturnedAt ?? now;
            Publish("returned", Ledger.CashOutReturned(State.Amount), now);
            logger.LogWarning("Payout {Id} of {Oprid} was returned by the player's bank", Id, State.Oprid);
        }

        if (State.Outbox.Pending.Count > 0)
        {
            await state.WriteStateAsync();
            await CountWithdrawalAsync();
        }

        return View();
    }

    /// <summary>
    /// The player's withdrawals at the operator (the player's view; the ledger, written with the
    /// payout's state, is the record of account), counted after that state is committed. The record is
    /// idempotent; a failure here is logged and leaves the count short.
    /// </summary>
    private async Task CountWithdrawalAsync()
    {
        if (State.Status is not (CashOutStatus.Completed or CashOutStatus.Returned))
        {
            return;
        }

        var funds = GrainFactory.Keyed<IPlayerFundsGrain>(new PlayerFundsKey(keys.Player(State.Cpf), State.Oprid!).ToString());
        try
        {
            await funds.RecordWithdrawalAsync(State.Cpf, Id, State.Amount, State.SettledAt ?? State.CreatedAt, returned: State.Status == CashOutStatus.Returned);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            logger.LogWarning("Payout {Id} of {Oprid} is settled but not yet counted in the player's withdrawals: {Error}", Id, State.Oprid, error.Message);
        }
    }

    private void Publish(string outcome, IReadOnlyList<LedgerEntry> entries, DateTimeOffset at)
    {
        var settled = new PaymentSettled(Id, State.Oprid!, State.Cpf, State.Amount, outcome, State.EndToEndId, at, entries, PaymentSettled.CashOut,
            outcome == "failed" ? State.FailureReason : null);
        State.Outbox.Publish(new StreamId(PaymentStreams.Namespace, State.Oprid!), PaymentStreams.PaymentSettled, settled, at);
    }

    private CashOutView View() => new(
        Id, State.Oprid!, Validation.Cpf.Mask(State.Cpf), State.Amount, State.Reference, State.Status, PixKeys.Mask(State.PixKey), State.CreatedAt,
        State.EndToEndId, State.SettledAt, State.FailureReason, State.ReturnedAt);

    /// <summary>Why a payout failed, in our codes (the PSP's are translated; an unknown one is kept, prefixed).</summary>
    public static class Reasons
    {
        public static string Of(string? pspReason) => pspReason switch
        {
            "SALDO_INSUFICIENTE" => "insufficient_funds",
            "TITULAR_DIVERGENTE" => "key_holder_mismatch",
            "CHAVE_INEXISTENTE" => "key_not_found",
            "psp_refused" => "psp_refused",
            null or "" => "not_done",
            var other => "psp_" + other.ToLowerInvariant(),
        };
    }
}
