namespace Lottopar.GrainInterfaces.Lottery;

/// <summary>
/// Everything webSale sells: the lotteries, their draws and the pay table. Lists keep the order LOTTOPAR
/// gave them, which is the order of the results body.
/// </summary>
/// <remarks>The lookups are methods so that they stay out of the record's JSON form.</remarks>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record LotteryCatalog(
    [property: Orleans.Id(0)] IReadOnlyList<LotteryDefinition> Lotteries,
    [property: Orleans.Id(1)] IReadOnlyList<DrawDefinition> Draws,
    [property: Orleans.Id(2)] PayTable PayTable)
{
    /// <summary>The draw with this 2-digit code, or null.</summary>
    public DrawDefinition? FindDraw(string? drawCode) =>
        Draws.FirstOrDefault(d => string.Equals(d.Code, drawCode, StringComparison.Ordinal));

    /// <summary>The lottery with this code, or null.</summary>
    public LotteryDefinition? FindLottery(string? lotteryCode) =>
        Lotteries.FirstOrDefault(l => string.Equals(l.Code, lotteryCode, StringComparison.Ordinal));

    /// <summary>The draws of one turn of one lottery, in catalog order (empty when there are none).</summary>
    public IReadOnlyList<DrawDefinition> DrawsOfTurn(string lotteryCode, int turn) =>
        [.. Draws.Where(d => d.Turn == turn && string.Equals(d.LotteryCode, lotteryCode, StringComparison.Ordinal))];
}
