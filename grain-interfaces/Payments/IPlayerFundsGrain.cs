using Lottopar.GrainInterfaces.Common;

namespace Lottopar.GrainInterfaces.Payments;

/// <summary>
/// A player's money at one operator (keyed by <see cref="PlayerFundsKey"/>): the deposit limits the
/// operator set and the deposits that count against them. A deposit is reserved before its charge
/// exists, so two deposits asked at once cannot both pass a limit.
/// </summary>
public interface IPlayerFundsGrain : Orleans.IGrainWithStringKey
{
    Task<PlayerFundsView> GetAsync(string cpf);

    /// <summary>Sets (or with a null amount removes) the limit of a period; a raise or removal waits out the cooling-off.</summary>
    Task<PlayerFundsView> SetDepositLimitAsync(string cpf, DepositLimitPeriod period, long? amount, Actor actor);

    /// <summary>
    /// Counts a deposit against the limits, or refuses it (<see cref="PaymentRefusedException"/>
    /// "deposit_limit_exceeded", a reason per period). The same id again changes nothing.
    /// </summary>
    /// <param name="expiresAt">Until when an unpaid deposit counts.</param>
    Task ReserveDepositAsync(string cpf, string depositId, long amount, DateTimeOffset expiresAt);

    /// <summary>A reserved deposit's outcome: paid by the player it keeps counting; refunded, it no longer does.</summary>
    Task SettleDepositAsync(string depositId, bool completed);
}
