using System.Globalization;

namespace Lottopar.GrainInterfaces.Lottery;

/// <summary>The key of a draw's grain for one lottery day: "{draw code}/{yyyy-MM-dd}".</summary>
public readonly record struct DrawDayKey(string DrawCode, DateOnly Day)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{DrawCode}/{Day:yyyy-MM-dd}");

    public static DrawDayKey Parse(string key)
    {
        var parts = key.Split('/');
        return parts.Length == 2 && parts[0].Length > 0 && TryParseDay(parts[1], out var day)
            ? new DrawDayKey(parts[0], day)
            : throw new ArgumentException($"'{key}' is not a draw key ({{draw}}/yyyy-MM-dd).", nameof(key));
    }

    internal static bool TryParseDay(string text, out DateOnly day) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);
}

/// <summary>
/// The key of a lottery turn's grain for one lottery day: "{lottery}/{turn}/{yyyy-MM-dd}". The
/// turn grain sells every draw of that turn, so their shared quota is judged in one place.
/// </summary>
public readonly record struct TurnKey(string LotteryCode, int Turn, DateOnly Day)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{LotteryCode}/{Turn}/{Day:yyyy-MM-dd}");

    public static TurnKey Parse(string key)
    {
        var parts = key.Split('/');
        return parts.Length == 3
            && parts[0].Length > 0
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var turn)
            && DrawDayKey.TryParseDay(parts[2], out var day)
            ? new TurnKey(parts[0], turn, day)
            : throw new ArgumentException($"'{key}' is not a turn key ({{lottery}}/{{turn}}/yyyy-MM-dd).", nameof(key));
    }
}
