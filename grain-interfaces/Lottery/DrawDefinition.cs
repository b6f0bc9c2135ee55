namespace Lottopar.GrainInterfaces.Lottery;

/// <summary>
/// A daily draw as the sale frame names it: "01" is León A at noon. Times are wall-clock times in
/// America/Sao_Paulo, the same every day.
/// </summary>
/// <param name="Code">The 2-digit draw code of the sale frame and the results body; unique across all lotteries.</param>
/// <param name="LotteryCode">The <see cref="LotteryDefinition.Code"/> this draw belongs to.</param>
/// <param name="Turn">
/// The turn (1 = morning, 2 = afternoon, 3 = evening, more if a lottery has them). One ticket may only
/// hold draws of one turn of one lottery.
/// </param>
/// <param name="DrawTime">When the draw takes place.</param>
/// <param name="ClosingTime">When sales stop; earlier than <paramref name="DrawTime"/> on the same day (no draw spans midnight).</param>
/// <param name="NumberTypes">
/// The number types this draw sells. A draw selling a zodiac type has a sign in its result; one that sells
/// none has not.
/// </param>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record DrawDefinition(
    [property: Orleans.Id(0)] string Code,
    [property: Orleans.Id(1)] string LotteryCode,
    [property: Orleans.Id(2)] int Turn,
    [property: Orleans.Id(3)] string Name,
    [property: Orleans.Id(4)] TimeOnly DrawTime,
    [property: Orleans.Id(5)] TimeOnly ClosingTime,
    [property: Orleans.Id(6)] IReadOnlyList<NumberType> NumberTypes)
{
    /// <summary>True when the draw sells a zodiac type, so its result carries a sign.</summary>
    /// <remarks>A method, not a property, so that it stays out of the JSON form of the record.</remarks>
    public bool HasSign() => NumberTypes.Contains(NumberType.TripleZodiac) || NumberTypes.Contains(NumberType.TerminalZodiac);

    /// <summary>True when this draw sells <paramref name="type"/>.</summary>
    public bool Sells(NumberType type) => NumberTypes.Contains(type);
}
