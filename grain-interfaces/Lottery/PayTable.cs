namespace Lottopar.GrainInterfaces.Lottery;

/// <summary>
/// What a winning number pays, per number type, as a multiplier of the stake actually sold:
/// prize in centavos = sold centavos × multiplier. LOTTOPAR sets these through the admin API.
/// </summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record PayTable(
    [property: Orleans.Id(0)] int Triple,
    [property: Orleans.Id(1)] int Terminal,
    [property: Orleans.Id(2)] int TripleZodiac,
    [property: Orleans.Id(3)] int TerminalZodiac)
{
    /// <summary>The multiplier for <paramref name="type"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="type"/> is not a defined number type.</exception>
    public int MultiplierFor(NumberType type) => type switch
    {
        NumberType.Triple => Triple,
        NumberType.Terminal => Terminal,
        NumberType.TripleZodiac => TripleZodiac,
        NumberType.TerminalZodiac => TerminalZodiac,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not a number type."),
    };
}
