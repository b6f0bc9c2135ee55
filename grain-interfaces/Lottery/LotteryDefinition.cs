namespace Lottopar.GrainInterfaces.Lottery;

/// <summary>A lottery whose draws are sold through webSale, e.g. ("01", "LOTERIA DE CARACAS").</summary>
/// <param name="Code">Unique in the catalog; draws refer to it. It never travels in a sale frame.</param>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record LotteryDefinition(
    [property: Orleans.Id(0)] string Code,
    [property: Orleans.Id(1)] string Name);
