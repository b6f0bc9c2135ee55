using Lottopar.GrainInterfaces.Lottery;
using Lottopar.Grains.Common;

namespace Lottopar.Grains.Lottery;

/// <summary>
/// Lottery days and closing times are wall-clock times in America/Sao_Paulo (LOTTOPAR's time);
/// everything stored and compared is UTC.
/// </summary>
public static class LotteryCalendar
{
    /// <summary>How long after its sale a POS may still cancel a ticket (webSale operation 1).</summary>
    public static readonly TimeSpan CancellationWindow = TimeSpan.FromMinutes(5);

    /// <summary>The lottery day a sale made at <paramref name="now"/> belongs to.</summary>
    public static DateOnly SaleDate(DateTimeOffset now) => BrasiliaTime.Today(now);

    /// <summary>The instant sales of <paramref name="draw"/> on <paramref name="day"/> stop.</summary>
    public static DateTimeOffset ClosingInstant(DrawDefinition draw, DateOnly day) => BrasiliaTime.Instant(day, draw.ClosingTime);

}
