using Lottopar.GrainInterfaces.Common;

namespace Lottopar.GrainInterfaces.Payments;

/// <summary>
/// A player's money at one operator (keyed by <see cref="PlayerFundsKey"/>): the deposit limits the
/// operator set, the deposits that count against them, and the account payouts go to. A deposit is reserved before its charge
/// exists, so two deposits asked at once cannot both pass a limit.
/// </summary>
public interface IPlayerFundsGrain : Orleans.IGrainWithStringKey
{
    Task<PlayerFundsView> GetAsync(string cpf);

    /// <summary>Sets (or with a null amount removes) the limit of a period; a raise or removal waits out the cooling-off.</summary>
    Task<PlayerFundsView> SetDepositLimitAsync(string cpf, DepositLimitPeriod period, long? amount, Actor actor);

    /// <summary>Sets a cooling-off or self-exclusion at this operator (422 when it would shorten or lift one in force). Audited.</summary>
    Task<PlayerFundsView> SetPauseAsync(string cpf, PlayerPauseKind kind, DateTimeOffset? until, Actor actor);

    /// <summary>
    /// Counts a deposit against the limits, or refuses it (<see cref="PaymentRefusedException"/>
    /// "player_paused" while a pause is in force) (<see cref="PaymentRefusedException"/>
    /// "deposit_limit_exceeded", a reason per period). The same id again changes nothing.
    /// </summary>
    /// <param name="expiresAt">Until when an unpaid deposit counts.</param>
    Task ReserveDepositAsync(string cpf, string depositId, long amount, DateTimeOffset expiresAt);

    /// <summary>
    /// Registers (or changes) the account the player's payouts go to: a PIX key the operator's PSP
    /// says the player holds (422 "payout_key_not_found" or "payout_key_not_players" otherwise). Audited.
    /// </summary>
    Task<PayoutAccountView> SetPayoutAccountAsync(string cpf, string pixKey, Actor actor);

    /// <summary>The registered payout account, or null.</summary>
    Task<PayoutAccount?> GetPayoutAccountAsync(string cpf);

    /// <summary>The payout account as the operator sees it; 404 when none is registered.</summary>
    Task<PayoutAccountView> GetPayoutAccountViewAsync(string cpf);

    /// <summary>A payout made (<paramref name="returned"/>: made and sent back, no longer counting) in the player's withdrawals. The same id again changes nothing, but that it was returned.</summary>
    Task RecordWithdrawalAsync(string cpf, string payoutId, long amount, DateTimeOffset at, bool returned);

    /// <summary>A reserved deposit's outcome: paid by the player it keeps counting; refunded, it no longer does.</summary>
    Task SettleDepositAsync(string depositId, bool completed);
}
