using Lottopar.GrainInterfaces.Payments;
using Lottopar.Grains.Common;

namespace Lottopar.Grains.Payments;

/// <summary>
/// What one settled payment adds to its operator's day, read from the ledger lines it carries
/// (<see cref="Ledger"/>), so the activity agrees with the ledger: a deposit is what a cash-in paid
/// by its player credits to <see cref="Ledger.PlayerDeposits"/>; a refund is what a cash-in paid by
/// someone else gave back out of <see cref="Ledger.RefundsPayable"/>; a withdrawal is what a payout
/// debits to <see cref="Ledger.PlayerWithdrawals"/>, and a returned payout, which credits it back,
/// takes its amount and its count off the day of the return. A failed payout moves nothing. The day
/// is the Brasília calendar day of the settlement.
/// </summary>
public static class PaymentActivity
{
    public static DateOnly DayOf(PaymentSettled settled) => BrasiliaTime.Today(settled.At);

    /// <summary>A settlement is one payment's step (completed, refunded, returned), so its counts are one, none or minus one.</summary>
    public static PaymentDayChange ChangeOf(PaymentSettled settled)
    {
        var deposits = settled.Entries.Where(e => e.Account == Ledger.PlayerDeposits).Sum(e => e.Credit - e.Debit);
        var withdrawals = settled.Entries.Where(e => e.Account == Ledger.PlayerWithdrawals).Sum(e => e.Debit - e.Credit);
        var refunds = settled.Entries.Where(e => e.Account == Ledger.RefundsPayable).Sum(e => e.Debit);
        return new PaymentDayChange(deposits, Math.Sign(deposits), withdrawals, Math.Sign(withdrawals), refunds);
    }
}

/// <summary>What one settled payment adds to its operator's day, in centavos (the counts are payments); a returned payout's withdrawals are negative.</summary>
public readonly record struct PaymentDayChange(long Deposits, long DepositCount, long Withdrawals, long WithdrawalCount, long Refunds);
