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

    /// <summary>The key of the turn grain: "{lottery}/{turn}/{yyyy-MM-dd}".</summary>
    public static string TurnKey(string lotteryCode, int turn, DateOnly day) =>
        FormattableString.Invariant($"{lotteryCode}/{turn}/{day:yyyy-MM-dd}");

    public static (string LotteryCode, int Turn, DateOnly Day) ParseTurnKey(string key)
    {
        var parts = key.Split('/');
        return parts.Length == 3
            && int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var turn)
            && DateOnly.TryParseExact(parts[2], "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day)
            ? (parts[0], turn, day)
            : throw new ArgumentException($"'{key}' is not a turn key (lottery/turn/yyyy-MM-dd).", nameof(key));
    }
}
