using Lottopar.GrainInterfaces.Payments;

namespace Lottopar.Grains.Payments;

/// <summary>
/// The double-entry rules of the payments ledger, per operator, in centavos. Each movement's debits
/// equal its credits. Accounts: <see cref="PspAccount"/> (the money in the operator's transactional
/// account at its PSP, an asset), <see cref="PlayerDeposits"/> (what the operator owes its players for
/// their deposits), <see cref="RefundsPayable"/> (money received from a payer who was not the player,
/// owed back until the refund goes out), <see cref="PlayerWithdrawals"/> (what the operator paid out to
/// its players: its debit balance is the total paid, less what came back).
/// </summary>
public static class Ledger
{
    public const string PspAccount = "psp_transactional";
    public const string PlayerDeposits = "player_deposits";
    public const string RefundsPayable = "refunds_payable";
    public const string PlayerWithdrawals = "player_withdrawals";

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

    /// <summary>A cash-out made: the money out of the operator's account to the player's.</summary>
    public static IReadOnlyList<LedgerEntry> CashOutCompleted(long amount) =>
    [
        new("paid_out", "cash_out", PlayerWithdrawals, amount, 0),
        new("paid_out", "cash_out", PspAccount, 0, amount),
    ];

    /// <summary>A cash-out the player's bank sent back: the money in the operator's account again, the payout undone.</summary>
    public static IReadOnlyList<LedgerEntry> CashOutReturned(long amount) =>
    [
        new("returned", "cash_out_return", PspAccount, amount, 0),
        new("returned", "cash_out_return", PlayerWithdrawals, 0, amount),
    ];

    /// <summary>Whether every movement of these entries balances, each entry one-sided and not negative.</summary>
    public static bool Balances(IEnumerable<LedgerEntry> entries) =>
        entries.All(e => e.Debit >= 0 && e.Credit >= 0 && (e.Debit == 0) != (e.Credit == 0))
        && entries.GroupBy(e => e.Movement).All(m => m.Sum(e => e.Debit) == m.Sum(e => e.Credit));
}
