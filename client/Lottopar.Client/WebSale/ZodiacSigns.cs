namespace Lottopar.Client.WebSale;

/// <summary>The document's sign codes, 01 ARIES to 12 PISCIS, as the document spells them.</summary>
public static class ZodiacSigns
{
    private static readonly string[] Names =
        ["ARIES", "TAURO", "GEMINIS", "CANCER", "LEO", "VIRGO", "LIBRA", "ESCORPION", "SAGITARIO", "CAPRICORNIO", "ACUARIO", "PISCIS"];

    /// <summary>The name of sign 1 to 12.</summary>
    public static string Name(int sign) =>
        sign is >= NumberTypes.FirstSign and <= NumberTypes.LastSign
            ? Names[sign - 1]
            : throw new ArgumentOutOfRangeException(nameof(sign), sign, "Signs run from 1 (ARIES) to 12 (PISCIS).");
}
