using Lottopar.Grains.Betting;
using Lottopar.Grains.Payments;
using Npgsql;
using NpgsqlTypes;

namespace Lottopar.Silo.Reports;

/// <summary>
/// Operators' activity as the daily aggregate holds it (<c>operator_daily_activity</c>, kept by the
/// operator activity projections): a row per operator and Brasília day, never a scan of events, so
/// a year of every operator is a few thousand rows. It follows the streams within the projections'
/// delivery lag (about a second). Operators without activity in the period are absent.
/// </summary>
public sealed class OperatorActivity(NpgsqlDataSource dataSource)
{
    private const string Filter = "day between $1 and $2 and ($3::text[] is null or oprid = any($3))";

    private const string DailySql = $"""
        select oprid, day, bets, stakes, bonuses, winnings, deposits, deposit_count, withdrawals, withdrawal_count, refunds
        from operator_daily_activity
        where {Filter}
        order by oprid, day
        """;

    private const string TotalsSql = $"""
        select oprid, sum(bets)::bigint, sum(stakes)::bigint, sum(bonuses)::bigint, sum(winnings)::bigint, sum(deposits)::bigint,
               sum(deposit_count)::bigint, sum(withdrawals)::bigint, sum(withdrawal_count)::bigint, sum(refunds)::bigint
        from operator_daily_activity
        where {Filter}
        group by oprid
        order by oprid
        """;

    /// <summary>Each operator's days from <paramref name="from"/> to <paramref name="to"/> (both included, Brasília days), by operator and day.</summary>
    /// <param name="oprids">The operators to read; null for every operator.</param>
    public async Task<IReadOnlyList<OperatorDay>> DailyAsync(IReadOnlyCollection<string>? oprids, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        await using var command = Command(DailySql, oprids, from, to);
        var days = new List<OperatorDay>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            days.Add(new OperatorDay(reader.GetString(0), reader.GetFieldValue<DateOnly>(1), Totals(reader, 2)));
        }

        return days;
    }

    /// <summary>Each operator's totals over the days from <paramref name="from"/> to <paramref name="to"/> (both included, Brasília days), by operator.</summary>
    /// <param name="oprids">The operators to read; null for every operator.</param>
    public async Task<IReadOnlyList<OperatorPeriod>> TotalsAsync(IReadOnlyCollection<string>? oprids, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        await using var command = Command(TotalsSql, oprids, from, to);
        var periods = new List<OperatorPeriod>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            periods.Add(new OperatorPeriod(reader.GetString(0), from, to, Totals(reader, 1)));
        }

        return periods;
    }

    private NpgsqlCommand Command(string sql, IReadOnlyCollection<string>? oprids, DateOnly from, DateOnly to)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(from, to);
        var command = dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = from });
        command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = to });
        command.Parameters.Add(new NpgsqlParameter { Value = oprids is null ? DBNull.Value : oprids.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        return command;
    }

    private static ActivityTotals Totals(NpgsqlDataReader reader, int first) => new(
        reader.GetInt64(first), reader.GetInt64(first + 1), reader.GetInt64(first + 2), reader.GetInt64(first + 3), reader.GetInt64(first + 4),
        reader.GetInt64(first + 5), reader.GetInt64(first + 6), reader.GetInt64(first + 7), reader.GetInt64(first + 8));
}

/// <summary>An operator's activity on one Brasília day.</summary>
public sealed record OperatorDay(string Oprid, DateOnly Day, ActivityTotals Activity);

/// <summary>An operator's activity over the days from <paramref name="From"/> to <paramref name="To"/>, both included.</summary>
public sealed record OperatorPeriod(string Oprid, DateOnly From, DateOnly To, ActivityTotals Activity);

/// <summary>
/// Betting and payments activity (of an operator over a day or a period, or what one event adds to it), money in centavos. <see cref="Ggr"/>, the gross gaming revenue, is
/// GGR = <see cref="Stakes"/> − <see cref="Winnings"/>: what players staked less what their results paid
/// them (bonuses are not deducted).
/// </summary>
/// <param name="Bets">new_bet events.</param>
/// <param name="Stakes">Their total_stake.</param>
/// <param name="Bonuses">Their bonus_amount.</param>
/// <param name="Winnings">What results added to the players' balances (a result that lowered a balance adds nothing).</param>
/// <param name="Deposits">Cash-ins paid by their players.</param>
/// <param name="DepositCount">How many.</param>
/// <param name="Withdrawals">Payouts made, less payouts returned (on the day of the return, so a day may be negative).</param>
/// <param name="WithdrawalCount">Payouts made less payouts returned, likewise.</param>
/// <param name="Refunds">Cash-ins paid by someone other than the player, given back.</param>
public sealed record ActivityTotals(
    long Bets, long Stakes, long Bonuses, long Winnings, long Deposits, long DepositCount, long Withdrawals, long WithdrawalCount, long Refunds)
{
    /// <summary>Nothing (a cancellation, a failed payout): such an event moves its stream's position but makes no row.</summary>
    public static readonly ActivityTotals None = new(0, 0, 0, 0, 0, 0, 0, 0, 0);

    /// <summary>The amounts in <c>operator_daily_activity</c>'s column order (from bets to refunds).</summary>
    public static readonly IReadOnlyList<Func<ActivityTotals, long>> Columns =
    [
        c => c.Bets, c => c.Stakes, c => c.Bonuses, c => c.Winnings, c => c.Deposits, c => c.DepositCount, c => c.Withdrawals, c => c.WithdrawalCount, c => c.Refunds,
    ];

    /// <summary>What one betting event adds to its operator's day.</summary>
    public static ActivityTotals Of(BettingDayChange betting) => None with { Bets = betting.Bets, Stakes = betting.Stakes, Bonuses = betting.Bonus, Winnings = betting.Winnings };

    /// <summary>What one settled payment adds to its operator's day.</summary>
    public static ActivityTotals Of(PaymentDayChange payment) => None with
    {
        Deposits = payment.Deposits, DepositCount = payment.DepositCount, Withdrawals = payment.Withdrawals, WithdrawalCount = payment.WithdrawalCount, Refunds = payment.Refunds,
    };

    /// <summary>GGR = stakes − winnings, in centavos.</summary>
    public long Ggr => Stakes - Winnings;

    /// <summary>Two events', days' or operators' activity together.</summary>
    public static ActivityTotals operator +(ActivityTotals a, ActivityTotals b) => new(
        checked(a.Bets + b.Bets), checked(a.Stakes + b.Stakes), checked(a.Bonuses + b.Bonuses), checked(a.Winnings + b.Winnings),
        checked(a.Deposits + b.Deposits), checked(a.DepositCount + b.DepositCount), checked(a.Withdrawals + b.Withdrawals),
        checked(a.WithdrawalCount + b.WithdrawalCount), checked(a.Refunds + b.Refunds));
}
