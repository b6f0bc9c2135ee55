namespace Lottopar.GrainInterfaces.Lottery;

/// <summary>
/// One record of a sale frame, <c>draw|type|number|amount</c>: "01|01|320|0.1" is 10 centavos on
/// triple 320 in draw 01.
/// </summary>
/// <param name="DrawCode">The 2-digit draw code, a draw of the catalog.</param>
/// <param name="Number">The number in the wire layout of <paramref name="Type"/> (see <see cref="NumberType"/>), e.g. "02987".</param>
/// <param name="AmountCents">The stake asked for, in centavos (more than 0).</param>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record SaleRecord(
    [property: Orleans.Id(0)] string DrawCode,
    [property: Orleans.Id(1)] NumberType Type,
    [property: Orleans.Id(2)] string Number,
    [property: Orleans.Id(3)] long AmountCents);
