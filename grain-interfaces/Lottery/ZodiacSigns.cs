namespace Lottopar.GrainInterfaces.Lottery;

/// <summary>
/// The zodiac signs of the Tripletón draws, coded 01 (ARIES) to 12 (PISCIS) on the wire. Names are
/// the protocol document's spelling, for screens and logs.
/// </summary>
public static class ZodiacSigns
{
    public const int First = 1;
    public const int Last = 12;

    private static readonly string[] Names =
    [
        "ARIES", "TAURO", "GEMINIS", "CANCER", "LEO", "VIRGO",
        "LIBRA", "ESCORPION", "SAGITARIO", "CAPRICORNIO", "ACUARIO", "PISCIS",
    ];

    /// <summary>True for the codes 1 to 12.</summary>
    public static bool IsValid(int code) => code is >= First and <= Last;

    /// <summary>The document's name for a sign code: 2 gives "TAURO".</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="code"/> is not 1 to 12.</exception>
    public static string NameOf(int code)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(code, First);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(code, Last);
        return Names[code - 1];
    }
}
