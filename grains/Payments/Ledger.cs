using Lottopar.GrainInterfaces.Payments;

namespace Lottopar.Grains.Payments;

/// <summary>
/// The double-entry rules of the payments ledger, per operator, in centavos. Each movement's debits
/// equal its credits. Accounts: <see cref="PspAccount"/> (the money in the operator's transactional
/// account at its PSP, an asset), <see cref="PlayerDeposits"/> (what the operator owes its players for
/// their deposits), <see cref="RefundsPayable"/> (money received from a payer who was not the player,
/// owed back until the refund goes out).
/// </summary>
public static class Ledger
{
    public const string PspAccount = "psp_transactional";
    public const string PlayerDeposits = "player_deposits";
    public const string RefundsPayable = "refunds_payable";

    /// <summary>A cash-in paid by its player: the money in, owed to the player.</summary>
    public static IReadOnlyList<LedgerEntry> CashInCompleted(long amount) =>
    [
        new("received", "cash_in", PspAccount, amount, 0),
        new("received", "cash_in", PlayerDeposits, 0, amount),
    ];

    /// <summary>A cash-in paid by someone else: the money in, owed back to the payer, then returned.</summary>
    public static IReadOnlyList<LedgerEntry> CashInRefunded(long amount) =>
    [
        new("received", "cash_in", PspAccount, amount, 0),
        new("received", "cash_in", RefundsPayable, 0, amount),
        new("refunded", "refund", RefundsPayable, amount, 0),
        new("refunded", "refund", PspAccount, 0, amount),
    ];

    /// <summary>Whether every movement of these entries balances, each entry one-sided and not negative.</summary>
    public static bool Balances(IEnumerable<LedgerEntry> entries) =>
        entries.All(e => e.Debit >= 0 && e.Credit >= 0 && (e.Debit == 0) != (e.Credit == 0))
        && entries.GroupBy(e => e.Movement).All(m => m.Sum(e => e.Debit) == m.Sum(e => e.Credit));
}
