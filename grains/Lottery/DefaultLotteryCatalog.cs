using Lottopar.GrainInterfaces.Lottery;

namespace Lottopar.Grains.Lottery;

/// <summary>
/// The catalog as the webSale document lists it: LOTERIA DE CARACAS ("01") with three turns, each with
/// León A, León B (triple and terminal) and Tripletón (triple and terminal with a sign). Draws at 12:00,
/// 16:30 and 19:30 America/Sao_Paulo; sales close <see cref="SalesCloseBeforeDraw"/> earlier. The pay
/// table is LOTTOPAR's starting point; it changes it through the admin API.
/// </summary>
public static class DefaultLotteryCatalog
{
    public const string CaracasCode = "01";

    /// <summary>Sales of a draw stop 5 minutes before it takes place.</summary>
    public static TimeSpan SalesCloseBeforeDraw { get; } = TimeSpan.FromMinutes(5);

    /// <summary>Default multipliers: triple 600, terminal 60, triple zodiac 6000, terminal zodiac 600.</summary>
    public static PayTable DefaultPayTable { get; } = new(Triple: 600, Terminal: 60, TripleZodiac: 6000, TerminalZodiac: 600);

    public static LotteryCatalog Catalog { get; } = new(
        [new LotteryDefinition(CaracasCode, "LOTERIA DE CARACAS")],
        [
            Leon("01", 1, "Leon A 12m", new TimeOnly(12, 0)),
            Leon("02", 1, "Leon B 12m", new TimeOnly(12, 0)),
            Tripleton("13", 1, "Tripleton 12m", new TimeOnly(12, 0)),
            Leon("03", 2, "Leon A 4:30pm", new TimeOnly(16, 30)),
            Leon("04", 2, "Leon B 4:30pm", new TimeOnly(16, 30)),
            Tripleton("14", 2, "Tripleton 4:30pm", new TimeOnly(16, 30)),
            Leon("05", 3, "Leon A 7:30pm", new TimeOnly(19, 30)),
            Leon("06", 3, "Leon B 7:30pm", new TimeOnly(19, 30)),
            Tripleton("15", 3, "Tripleton 7:30pm", new TimeOnly(19, 30)),
        ],
        DefaultPayTable);

    private static DrawDefinition Leon(string code, int turn, string name, TimeOnly drawTime) =>
        Draw(code, turn, name, drawTime, [NumberType.Triple, NumberType.Terminal]);

    private static DrawDefinition Tripleton(string code, int turn, string name, TimeOnly drawTime) =>
        Draw(code, turn, name, drawTime, [NumberType.TripleZodiac, NumberType.TerminalZodiac]);

    private static DrawDefinition Draw(string code, int turn, string name, TimeOnly drawTime, IReadOnlyList<NumberType> types) =>
        new(code, CaracasCode, turn, name, drawTime, drawTime.Add(-SalesCloseBeforeDraw), types);
}
