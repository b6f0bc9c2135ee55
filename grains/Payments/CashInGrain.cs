using Lottopar.GrainInterfaces.Betting;
using Lottopar.GrainInterfaces.Common;
using Lottopar.GrainInterfaces.Payments;
using Lottopar.Providers.Abstractions;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Runtime;
using StreamId = Lottopar.Providers.Abstractions.StreamId;

namespace Lottopar.Grains.Payments;

public sealed class CashInState : IHasOutbox
{
    public string? Oprid { get; set; }

    public string Cpf { get; set; } = "";

    public long Amount { get; set; }

    public string Reference { get; set; } = "";

    public string RequestHash { get; set; } = "";

    public CashInStatus Status { get; set; }

    public string BrCode { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public string? EndToEndId { get; set; }

    public DateTimeOffset? SettledAt { get; set; }

    /// <summary>When the PIX was received, by the PSP's clock (reconciliation matches on it).</summary>
    public DateTimeOffset? PaidAt { get; set; }

    public string? RefundId { get; set; }

    [System.Text.Json.Serialization.JsonIgnore]
    public GrainOutbox Outbox { get; } = new();
}

/// <summary>
/// One deposit. The PSP's charge is created under the deposit's own id (its txid), so a retry after
/// any failure finds the same charge; the state is written after the PSP answered. Settling re-reads
/// the charge at the PSP and asks who paid with the API Pix's CPF filter: the player, completed; anyone
/// else, the whole PIX refunded under an id of ours (asked once, whatever the retries). The
/// settlement's ledger entries (<see cref="Ledger"/>) go on the "payments" stream with the state
/// write, so the ledger and the deposit commit together.
/// </summary>
[GrainType("cash_in")]
public sealed class CashInGrain(
    [PersistentState(GrainStorageNames.State, GrainStorageNames.Storage)] IPersistentState<CashInState> state,
    TimeProvider clock,
    IPixGateway pix,
    PersonalGrainKeys keys,
    ILogger<CashInGrain> logger) : Grain, ICashInGrain
{
    private CashInState State => state.State;

    private string Id => this.GetPrimaryKeyString();

    public async Task<CashInView> CreateAsync(string oprid, CashInRequest request, string requestHash)
    {
        if (State.Oprid is not null)
        {
            return State.Oprid == oprid && State.RequestHash == requestHash
                ? View()
                : throw new DomainConflictException("Idempotency-Key", "This Idempotency-Key was already used for another request.");
        }

        var valid = CashInRules.Validate(request);
        var check = await GrainFactory.Keyed<IPlayerGrain>(keys.Player(valid.Cpf)).CheckCpfAsync(valid.Cpf);
        if (!check.Allowed)
        {
            throw new PaymentRefusedException("player_not_allowed", "This player may not deposit (see the reasons; do not show them to the player).",
                [.. check.Reasons.Select(r => r.Code)]);
        }

        // Counted against the player's deposit limits before the charge exists: two deposits asked at
        // once cannot both pass a limit. A charge never created stops counting when it would have expired.
        await Funds(oprid, valid.Cpf).ReserveDepositAsync(valid.Cpf, Id, valid.Amount, clock.GetUtcNow().AddSeconds(valid.ExpiresInSeconds));
        var charge = await pix.CreateChargeAsync(oprid, Id, valid.Amount, valid.ExpiresInSeconds, valid.Cpf, CashInRules.PayerMessage(valid.Reference), CancellationToken.None);
        if (charge.Centavos != valid.Amount || !BrCodes.IsValid(charge.CopyAndPaste))
        {
            logger.LogError("The PSP of {Oprid} answered charge {Txid} with another amount or a BR Code whose CRC fails", oprid, Id);
            throw new DependencyUnavailableException("psp", "The PSP's charge does not match the request; nothing was kept. Retry with the same Idempotency-Key.");
        }

        State.Oprid = oprid;
        State.Cpf = valid.Cpf;
        State.Amount = valid.Amount;
        State.Reference = valid.Reference;
        State.RequestHash = requestHash;
        State.Status = CashInStatus.Pending;
        State.BrCode = charge.CopyAndPaste;
        State.CreatedAt = charge.CreatedAt;
        State.ExpiresAt = charge.ExpiresAt;
        await state.WriteStateAsync();
        return View();
    }

    public Task<CashInView> GetAsync(string oprid) =>
        State.Oprid == oprid ? Task.FromResult(View()) : throw new DomainNotFoundException($"There is no payment {Id}.");

    public async Task<CashInView?> SettleAsync(string oprid)
    {
        if (State.Oprid != oprid)
        {
            return null;
        }

        if (State.Status != CashInStatus.Pending)
        {
            return View();
        }

        var charge = await pix.GetChargeAsync(oprid, Id, CancellationToken.None);
        if (charge is not { Status: PixChargeStatus.Completed } || charge.Received.Count == 0)
        {
            return View();
        }

        var paid = charge.Received[0];
        var byPlayer = await pix.ReceivedFromAsync(oprid, Id, State.Cpf, paid.At, CancellationToken.None);
        if (byPlayer.Any(p => p.EndToEndId == paid.EndToEndId))
        {
            State.Status = CashInStatus.Completed;
        }
        else
        {
            var refundId = PaymentIds.RefundOf(Id);
            await pix.RefundAsync(oprid, paid.EndToEndId, refundId, paid.Centavos, CancellationToken.None);
            State.Status = CashInStatus.Refunded;
            State.RefundId = refundId;
            logger.LogWarning("Deposit {Id} of {Oprid} was paid by someone other than its player: refunded", Id, oprid);
        }

        State.EndToEndId = paid.EndToEndId;
        State.PaidAt = paid.At;
        State.SettledAt = clock.GetUtcNow();
        var completed = State.Status == CashInStatus.Completed;
        await Funds(oprid, State.Cpf).SettleDepositAsync(Id, completed);
        var settled = new PaymentSettled(Id, oprid, State.Cpf, paid.Centavos, completed ? "completed" : "refunded", paid.EndToEndId, State.SettledAt.Value,
            completed ? Ledger.CashInCompleted(paid.Centavos) : Ledger.CashInRefunded(paid.Centavos), PaymentSettled.CashIn);
        State.Outbox.Publish(new StreamId(PaymentStreams.Namespace, oprid), PaymentStreams.PaymentSettled, settled, settled.At);
        await state.WriteStateAsync();
        return View();
    }

    private IPlayerFundsGrain Funds(string oprid, string cpf) => GrainFactory.Keyed<IPlayerFundsGrain>(new PlayerFundsKey(keys.Player(cpf), oprid).ToString());

    private CashInView View() => new(
        Id, State.Oprid!, Validation.Cpf.Mask(State.Cpf), State.Amount, State.Reference, State.Status, State.BrCode, State.CreatedAt, State.ExpiresAt,
        State.EndToEndId, State.SettledAt, State.RefundId);
}
