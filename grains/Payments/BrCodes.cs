using System.Globalization;
using System.Text;

namespace Lottopar.Grains.Payments;

/// <summary>
/// The BR Code ("Pix copia e cola"): an EMV merchant-presented payload of ID, two-digit length,
/// value fields, ending in field 63, the CRC16-CCITT (polynomial 0x1021, initial 0xFFFF) in four
/// upper-case hex digits of everything before it, "6304" included.
/// </summary>
public static class BrCodes
{
    /// <summary>Whether the code is well formed (fields within bounds, 00 first, 63 last) and its CRC matches.</summary>
    public static bool IsValid(string? code)
    {
        if (code is null || code.Length < 12 || code.Length > 512 || !code.StartsWith("000201", StringComparison.Ordinal))
        {
            return false;
        }

        var position = 0;
        while (position < code.Length)
        {
            if (position + 4 > code.Length || !int.TryParse(code.AsSpan(position + 2, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var length))
            {
                return false;
            }

            var id = code.AsSpan(position, 2);
            var end = position + 4 + length;
            if (end > code.Length)
            {
                return false;
            }

            if (id is "63")
            {
                return end == code.Length && length == 4
                    && string.Equals(code[(position + 4)..], Crc16(code[..(position + 4)]).ToString("X4", CultureInfo.InvariantCulture), StringComparison.Ordinal);
            }

            position = end;
        }

        return false;
    }

    public static ushort Crc16(string text)
    {
        ushort crc = 0xFFFF;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            crc ^= (ushort)(b << 8);
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 0x8000) != 0 ? (ushort)((crc << 1) ^ 0x1021) : (ushort)(crc << 1);
            }
        }

        return crc;
    }
}
