using System.Globalization;

namespace Lottopar.GrainInterfaces.Lottery;

/// <summary>
/// The winning number of one draw: a triple, and for draws that sell zodiac types a sign.
/// </summary>
/// <param name="Triple">Exactly 3 digits, "482".</param>
/// <param name="Sign">1 (ARIES) to 12 (PISCIS) for draws with a sign; null otherwise.</param>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record DrawResult(
    [property: Orleans.Id(0)] string Triple,
    [property: Orleans.Id(1)] int? Sign)
{
    /// <summary>
    /// The result as the results body carries it: the triple ("482"), or the 2-digit sign then the
    /// triple ("02987" is TAURO 987).
    /// </summary>
    public string ToWire() => Sign is { } sign ? sign.ToString("D2", CultureInfo.InvariantCulture) + Triple : Triple;
}
