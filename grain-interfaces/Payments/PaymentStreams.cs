namespace Lottopar.GrainInterfaces.Payments;

/// <summary>The "payments" stream (key: OPRID): what the payment grains settled, with the ledger entries it makes.</summary>
public static class PaymentStreams
{
    public const string Namespace = "payments";

    /// <summary>A payment settled: a cash-in completed or refunded, a cash-out completed, failed or returned.</summary>
    public const string PaymentSettled = "payment_settled";

    /// <summary>A PIX key a player asked to register as payout account, checked in the PSP's directory.</summary>
    public const string PayoutKeyChecked = "payout_key_checked";
}

/// <summary>One line of the double-entry ledger: an account debited or credited (one of the two, in centavos) by a movement.</summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record LedgerEntry(
    [property: Orleans.Id(0)] string Movement,
    [property: Orleans.Id(1)] string Kind,
    [property: Orleans.Id(2)] string Account,
    [property: Orleans.Id(3)] long Debit,
    [property: Orleans.Id(4)] long Credit);

/// <summary>
/// A payment's settlement as the stream carries it: its kind (cash_in, cash_out), its outcome, and the
/// ledger entries it makes (none when no money moved). The ledger and the operator's notification are
/// written from it in the same transaction as the payment's state.
/// </summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
[Lottopar.Providers.Abstractions.StreamEventName(PaymentStreams.PaymentSettled)]
public sealed record PaymentSettled(
    [property: Orleans.Id(0)] string PaymentId,
    [property: Orleans.Id(1)] string Oprid,
    [property: Orleans.Id(2)] string Cpf,
    [property: Orleans.Id(3)] long Amount,
    [property: Orleans.Id(4)] string Outcome,
    [property: Orleans.Id(5)] string? EndToEndId,
    [property: Orleans.Id(6)] DateTimeOffset At,
    [property: Orleans.Id(7)] IReadOnlyList<LedgerEntry> Entries,
    [property: Orleans.Id(8)] string Kind,
    [property: Orleans.Id(9)] string? Reason = null)
{
    public const string CashIn = "cash_in";
    public const string CashOut = "cash_out";
}

/// <summary>
/// A PIX key a player asked an operator to register as payout account, as the PSP's directory
/// answered: whether its holder is the player. Published whether the registration was made or refused
/// (an attempt with someone else's key is what the integrity module looks for). The key travels as a
/// keyed fingerprint (<see cref="Common.PersonalGrainKeys.PixKey"/>) and masked, never in full.
/// </summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
[Lottopar.Providers.Abstractions.StreamEventName(PaymentStreams.PayoutKeyChecked)]
public sealed record PayoutKeyChecked(
    [property: Orleans.Id(0)] string Oprid,
    [property: Orleans.Id(1)] string Cpf,
    [property: Orleans.Id(2)] string KeyFingerprint,
    [property: Orleans.Id(3)] string KeyMasked,
    [property: Orleans.Id(4)] string KeyType,
    [property: Orleans.Id(5)] bool HolderIsPlayer,
    [property: Orleans.Id(6)] DateTimeOffset At);
