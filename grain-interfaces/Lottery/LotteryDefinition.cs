namespace Lottopar.GrainInterfaces.Lottery;

/// <summary>A lottery whose draws are sold through webSale, e.g. ("01", "LOTERIA DE CARACAS").</summary>
/// <param name="Code">Unique in the catalog; draws refer to it. It never travels in a sale frame.</param>
public sealed record LotteryDefinition(string Code, string Name);
