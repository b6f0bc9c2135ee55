namespace Lottopar.GrainInterfaces.Lottery;

/// <summary>
/// What a winning number pays, per number type, as a multiplier of the stake actually sold:
/// prize in centavos = sold centavos × multiplier. LOTTOPAR sets these through the admin API.
/// </summary>
public sealed record PayTable(int Triple, int Terminal, int TripleZodiac, int TerminalZodiac)
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
