using Lottopar.GrainInterfaces.Integrity;
using Lottopar.GrainInterfaces.Payments;
using Lottopar.Grains.Common;

namespace Lottopar.Grains.Integrity;

/// <summary>
/// What the player rules count over, on Brasília's calendar: stakes per operator and day (the last
/// <see cref="BetDaysKept"/> days) and the settled payments (deposits for <see cref="BetDaysKept"/>
/// days, refunded deposits for <see cref="RefundDaysKept"/>). Folding is idempotent: an event or a
/// payment seen before changes nothing, so a redelivered stream event is not counted twice.
/// </summary>
public sealed class PlayerWindows
{
    public const int BetDaysKept = 8;
    public const int RefundDaysKept = 90;

    private readonly Dictionary<(string Oprid, DateOnly Day), long> _stakes = [];
    private readonly Dictionary<Guid, DateOnly> _bets = [];

    /// <summary>The payments folded in (persisted by the watch grain; bets are rebuilt from the event store).</summary>
    public List<PaymentMark> Payments { get; init; } = [];

    /// <summary>Per operator, since when the player is on its blocked list (persisted by the watch grain).</summary>
    public Dictionary<string, DateTimeOffset> Blocks { get; init; } = [];

    /// <summary>When the player was blocked at the operator, if the block covers <paramref name="at"/>.</summary>
    public DateTimeOffset? BlockedAt(string oprid, DateTimeOffset at) =>
        Blocks.TryGetValue(oprid, out var since) && at >= since ? since : null;

    /// <summary>Folds a betting event in; false when it was already there. Only a new_bet's stake counts.</summary>
    public bool Fold(BetObservation bet)
    {
        if (!_bets.TryAdd(bet.EventId, BrasiliaTime.Today(bet.EventDate)))
        {
            return false;
        }

        if (bet.Event == "new_bet")
        {
            var key = (bet.Oprid, BrasiliaTime.Today(bet.EventDate));
            _stakes[key] = checked(_stakes.GetValueOrDefault(key) + bet.TotalStake);
        }

        return true;
    }

    /// <summary>Folds a settled payment in; false when it was already there with this outcome.</summary>
    public bool Fold(PaymentObservation payment)
    {
        if (Payments.Any(p => p.PaymentId == payment.PaymentId && p.Outcome == payment.Outcome))
        {
            return false;
        }

        Payments.Add(new PaymentMark(payment.PaymentId, payment.Oprid, payment.Kind, payment.Outcome, payment.Amount, payment.At));
        return true;
    }

    /// <summary>The player's stakes on a day: at one operator, or (null) at all.</summary>
    public long StakesOn(DateOnly day, string? oprid = null) =>
        _stakes.Where(s => s.Key.Day == day && (oprid is null || s.Key.Oprid == oprid)).Sum(s => s.Value);

    /// <summary>The player's stakes at all operators over the seven days ending on <paramref name="day"/>.</summary>
    public long StakesInWeekEnding(DateOnly day) =>
        _stakes.Where(s => s.Key.Day <= day && s.Key.Day > day.AddDays(-7)).Sum(s => s.Value);

    /// <summary>Deposits the player completed on a day (Brasília), at every operator.</summary>
    public IEnumerable<PaymentMark> DepositsOn(DateOnly day) =>
        Payments.Where(p => p.Kind == PaymentSettled.CashIn && p.Outcome == "completed" && BrasiliaTime.Today(p.At) == day);

    /// <summary>Deposits refunded because someone other than the player paid them, at one operator, since an instant.</summary>
    public IEnumerable<PaymentMark> PaidByOthersSince(string oprid, DateTimeOffset since) =>
        Payments.Where(p => p.Kind == PaymentSettled.CashIn && p.Outcome == "refunded" && p.Oprid == oprid && p.At >= since);

    /// <summary>Forgets what no rule looks at any more.</summary>
    public void Prune(DateTimeOffset now)
    {
        var today = BrasiliaTime.Today(now);
        foreach (var key in _stakes.Keys.Where(k => k.Day <= today.AddDays(-BetDaysKept)).ToList())
        {
            _stakes.Remove(key);
        }

        foreach (var id in _bets.Where(b => b.Value <= today.AddDays(-BetDaysKept)).Select(b => b.Key).ToList())
        {
            _bets.Remove(id);
        }

        Payments.RemoveAll(p => p.At < now.AddDays(-(p.Outcome == "refunded" ? RefundDaysKept : BetDaysKept)));
    }

    /// <summary>How many betting events are folded in (the seen set that makes folding idempotent).</summary>
    public int BetsSeen => _bets.Count;
}

/// <summary>A settled payment as the player windows keep it.</summary>
public sealed record PaymentMark(string PaymentId, string Oprid, string Kind, string Outcome, long Amount, DateTimeOffset At);
