using Lottopar.GrainInterfaces.Lottery;

namespace Lottopar.Grains.Lottery;

/// <summary>
/// What a sold record wins: the amount sold times the pay table's multiplier for its type, when the
/// number matches the draw's result.
/// </summary>
public static class PrizeRules
{
    /// <summary>
    /// A ticket's prize: the sum over its lines, each judged by its draw's published result; null while
    /// a result is not published (nothing can be paid yet).
    /// </summary>
    public static long? PrizeOf(IReadOnlyList<TicketLine> lines, Func<string, DrawResult?> publishedResultOf, PayTable table)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(publishedResultOf);
        var prize = 0L;
        foreach (var line in lines)
        {
            if (publishedResultOf(line.DrawCode) is not { } result)
            {
                return null;
            }

            prize = checked(prize + PrizeFor(new SaleRecord(line.DrawCode, line.Type, line.Number, line.RequestedCents), line.SoldCents, result, table));
        }

        return prize;
    }

    /// <summary>
    /// The prize in centavos, 0 when the number does not win. A triple wins when it equals the result's
    /// triple; a terminal when it equals the triple's last two digits; the zodiac types win the same way
    /// and only if their sign is the result's sign.
    /// </summary>
    /// <param name="record">A record of a sold ticket (its draw must be the result's draw; that is not checked here).</param>
    /// <param name="amountSold">The centavos actually sold for the record, 0 to its amount: what partial availability left.</param>
    /// <exception cref="ArgumentException">
    /// The number does not fit its type, the amount sold is out of range, the result is malformed, a zodiac
    /// record meets a result without a sign, or the multiplier is not positive.
    /// </exception>
    /// <exception cref="OverflowException">The prize does not fit in a long.</exception>
    public static long PrizeFor(SaleRecord record, long amountSold, DrawResult result, PayTable table)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(table);
        ArgumentOutOfRangeException.ThrowIfNegative(amountSold);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(amountSold, record.AmountCents);
        if (!LotteryNumber.IsValid(record.Type, record.Number))
        {
            throw new ArgumentException($"'{record.Number}' is not a {record.Type} number.", nameof(record));
        }

        if (!DrawResultRules.IsWellFormed(result))
        {
            throw new ArgumentException("The result is not a 3-digit triple with an optional sign 1 to 12.", nameof(result));
        }

        // A result without a sign for a zodiac number means the wrong draw's result was passed: paying 0
        // would hide that.
        var zodiac = LotteryNumber.IsZodiac(record.Type);
        if (zodiac && result.Sign is null)
        {
            throw new ArgumentException("A zodiac number needs a result with a sign.", nameof(result));
        }

        var multiplier = table.MultiplierFor(record.Type);
        if (multiplier <= 0)
        {
            throw new ArgumentException($"The {record.Type} multiplier must be positive.", nameof(table));
        }

        var number = record.Number.AsSpan();
        var digits = LotteryNumber.DigitsOf(record.Type, number);
        var signMatches = !zodiac || LotteryNumber.SignOf(number) == result.Sign;
        var drawn = result.Triple.AsSpan();
        var wins = signMatches && (record.Type is NumberType.Triple or NumberType.TripleZodiac
            ? digits.SequenceEqual(drawn)
            : digits.SequenceEqual(drawn[1..]));
        return wins ? checked(amountSold * multiplier) : 0;
    }
}
