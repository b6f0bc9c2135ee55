using Lottopar.GrainInterfaces.Payments;
using Lottopar.Grains.Common;

namespace Lottopar.Grains.Payments;

/// <summary>A deposit as the player's funds count it.</summary>
public sealed record ReservedDeposit(string Id, long Amount, DateTimeOffset At, DateTimeOffset ExpiresAt, ReservedDepositStatus Status);

public enum ReservedDepositStatus
{
    Pending,
    Completed,
    Refunded,
}

/// <summary>
/// Responsible-gaming deposit limits, pure. Periods follow Brasília's calendar (the week from
/// Monday). A cut applies at once; a raise or a removal only after <see cref="CoolingOff"/>, so that
/// a limit cannot be lifted in the heat of a session. What counts against a limit: deposits paid by
/// the player, and those still payable (pending, not expired), so that parallel charges cannot pass it.
/// </summary>
public static class DepositLimits
{
    public static readonly TimeSpan CoolingOff = TimeSpan.FromHours(24);

    /// <summary>R$ 10.000.000,00: the highest limit that can be set.</summary>
    public const long MaxLimit = 1_000_000_000;

    /// <summary>How long deposits are kept for counting: longer than any period.</summary>
    public static readonly TimeSpan Kept = TimeSpan.FromDays(32);

    public static string ReasonCode(DepositLimitPeriod period) => "deposit_limit_" + period.ToString().ToLowerInvariant();

    public static DateTimeOffset PeriodStart(DepositLimitPeriod period, DateTimeOffset at)
    {
        var today = BrasiliaTime.Today(at);
        var first = period switch
        {
            DepositLimitPeriod.Day => today,
            DepositLimitPeriod.Week => today.AddDays(-(((int)today.DayOfWeek + 6) % 7)),
            DepositLimitPeriod.Month => new DateOnly(today.Year, today.Month, 1),
            _ => throw new ArgumentOutOfRangeException(nameof(period), period, null),
        };
        return BrasiliaTime.Instant(first, TimeOnly.MinValue);
    }

    /// <summary>The amount in force at <paramref name="now"/> (null: no limit): a pending change whose time has come applies.</summary>
    public static long? InForce(DepositLimit limit, DateTimeOffset now) =>
        limit.Pending is { } pending && pending.EffectiveAt <= now ? pending.Amount : limit.Amount;

    /// <summary>The limit after the operator asks for <paramref name="amount"/> (null: no limit).</summary>
    public static DepositLimit Change(DepositLimit? current, DepositLimitPeriod period, long? amount, DateTimeOffset now)
    {
        var inForce = current is null ? null : InForce(current, now);
        if (inForce is null || (amount is not null && amount <= inForce))
        {
            return new DepositLimit(period, amount, now, null);
        }

        return new DepositLimit(period, inForce, current!.Pending is { EffectiveAt: var at } && at <= now ? at : current.Since,
            new PendingLimitChange(amount, now + CoolingOff));
    }

    /// <summary>What counts against the period's limit at <paramref name="now"/>.</summary>
    public static long Used(IEnumerable<ReservedDeposit> deposits, DepositLimitPeriod period, DateTimeOffset now)
    {
        var start = PeriodStart(period, now);
        return deposits.Where(d => d.At >= start && d.At <= now && Counts(d, now)).Sum(d => d.Amount);
    }

    /// <summary>What the player paid in the period so far (completed deposits only).</summary>
    public static long Paid(IEnumerable<ReservedDeposit> deposits, DepositLimitPeriod period, DateTimeOffset now)
    {
        var start = PeriodStart(period, now);
        return deposits.Where(d => d.At >= start && d.At <= now && d.Status == ReservedDepositStatus.Completed).Sum(d => d.Amount);
    }

    /// <summary>The reason codes of every limit a new deposit of <paramref name="amount"/> would pass.</summary>
    public static IReadOnlyList<string> Exceeded(IEnumerable<DepositLimit> limits, IReadOnlyList<ReservedDeposit> deposits, long amount, DateTimeOffset now) =>
        [.. limits.OrderBy(l => l.Period)
            .Where(l => InForce(l, now) is { } max && Used(deposits, l.Period, now) + amount > max)
            .Select(l => ReasonCode(l.Period))];

    private static bool Counts(ReservedDeposit deposit, DateTimeOffset now) => deposit.Status switch
    {
        ReservedDepositStatus.Completed => true,
        ReservedDepositStatus.Pending => deposit.ExpiresAt > now,
        _ => false,
    };
}
