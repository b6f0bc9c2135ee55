using System.Globalization;
using Lottopar.GrainInterfaces.Lottery;

namespace Lottopar.Grains.Lottery;

/// <summary>The 2-digit wire codes of <see cref="NumberType"/>: "01" to "04".</summary>
internal static class NumberTypeCode
{
    public static string Format(NumberType type) => ((int)type).ToString("D2", CultureInfo.InvariantCulture);

    public static bool TryParse(ReadOnlySpan<char> code, out NumberType type)
    {
        type = default;
        if (code.Length != 2 || code[0] != '0' || code[1] is < '1' or > '4')
        {
            return false;
        }

        type = (NumberType)(code[1] - '0');
        return true;
    }
}
