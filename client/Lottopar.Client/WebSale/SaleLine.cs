namespace Lottopar.Client.WebSale;

/// <summary>One record of a sale frame: a number of a type on a draw, for an amount in centavos.</summary>
/// <param name="DrawCode">The draw's 2-digit code, e.g. "01" (Leon A 12m).</param>
/// <param name="Number">Digits in the type's layout (<see cref="NumberTypes.Fits"/>).</param>
public sealed record SaleLine(string DrawCode, NumberType Type, string Number, long AmountCents)
{
    /// <summary><c>draw|type|number|amount</c>, e.g. <c>01|01|320|0.1</c>.</summary>
    public string ToWire() => $"{DrawCode}|{NumberTypes.Code(Type)}|{Number}|{WireAmount.Format(AmountCents)}";
}
