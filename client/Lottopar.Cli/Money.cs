using System.Globalization;

namespace Lottopar.Cli;

/// <summary>Centavos as Brazilians read them: "R$ 1.234,56".</summary>
internal static class Money
{
    public static string Format(long centavos)
    {
        var sign = centavos < 0 ? "-" : "";
        var magnitude = Math.Abs(centavos);
        var reais = (magnitude / 100).ToString("#,0", CultureInfo.InvariantCulture).Replace(',', '.');
        return string.Create(CultureInfo.InvariantCulture, $"{sign}R$ {reais},{magnitude % 100:00}");
    }
}
