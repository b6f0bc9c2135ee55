namespace Lottopar.GrainInterfaces.Payments;

/// <summary>The "payments" stream (key: OPRID): what the payment grains settled, with the ledger entries it makes.</summary>
public static class PaymentStreams
{
    public const string Namespace = "payments";

    /// <summary>A cash-in settled: completed (the player paid) or refunded (someone else paid).</summary>
    public const string CashInSettled = "cash_in_settled";
}

/// <summary>One line of the double-entry ledger: an account debited or credited (one of the two, in centavos) by a movement.</summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record LedgerEntry(
    [property: Orleans.Id(0)] string Movement,
    [property: Orleans.Id(1)] string Kind,
    [property: Orleans.Id(2)] string Account,
    [property: Orleans.Id(3)] long Debit,
    [property: Orleans.Id(4)] long Credit);

/// <summary>A settled cash-in as the stream carries it; the ledger table is written from it in the same transaction as the deposit's state.</summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record CashInSettled(
    [property: Orleans.Id(0)] string PaymentId,
    [property: Orleans.Id(1)] string Oprid,
    [property: Orleans.Id(2)] string Cpf,
    [property: Orleans.Id(3)] long Amount,
    [property: Orleans.Id(4)] string Outcome,
    [property: Orleans.Id(5)] string EndToEndId,
    [property: Orleans.Id(6)] DateTimeOffset At,
    [property: Orleans.Id(7)] IReadOnlyList<LedgerEntry> Entries);
