namespace Lottopar.GrainInterfaces.Lottery;

/// <summary>
/// The kinds of number a lottery webSale ticket can play. The numeric value is the protocol's
/// two-digit type code ("01".."04"), so the enum serialises to JSON as that code's number.
/// </summary>
/// <remarks>
/// Layout of the number on the wire (the document states it only for results; LOTTOPAR applies the
/// same layout to the sale frame):
/// <list type="bullet">
/// <item><see cref="Triple"/>: exactly 3 digits, "320".</item>
/// <item><see cref="Terminal"/>: exactly 2 digits, "32".</item>
/// <item><see cref="TripleZodiac"/>: 5 digits, the 2-digit sign 01-12 then the triple, "02987".</item>
/// <item><see cref="TerminalZodiac"/>: 4 digits, the 2-digit sign 01-12 then 2 digits, "0287".</item>
/// </list>
/// </remarks>
[Orleans.GenerateSerializer]
public enum NumberType
{
    /// <summary>"01": three digits; wins when they equal the drawn triple.</summary>
    Triple = 1,

    /// <summary>"02": two digits; wins when they equal the last two digits of the drawn triple.</summary>
    Terminal = 2,

    /// <summary>"03": a sign and three digits; wins when both equal the drawn sign and triple.</summary>
    TripleZodiac = 3,

    /// <summary>"04": a sign and two digits; wins when the sign matches and the digits equal the triple's last two.</summary>
    TerminalZodiac = 4,
}
