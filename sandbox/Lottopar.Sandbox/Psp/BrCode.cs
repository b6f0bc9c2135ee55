using System.Globalization;
using System.Text;

namespace Lottopar.Sandbox.Psp;

/// <summary>
/// The "copia e cola" of a dynamic charge (BR Code, EMV merchant-presented QR): the payer's bank
/// reads the charge at the location in field 26.25; the amount is not in the code. Ends with the
/// CRC16-CCITT (polynomial 0x1021, initial 0xFFFF) of everything before it, "6304" included.
/// </summary>
public static class BrCode
{
    public static string Dynamic(string location, string merchantName, string merchantCity)
    {
        var account = Field("00", "br.gov.bcb.pix") + Field("25", location);
        var payload = new StringBuilder()
            .Append(Field("00", "01"))
            .Append(Field("01", "12"))
            .Append(Field("26", account))
            .Append(Field("52", "0000"))
            .Append(Field("53", "986"))
            .Append(Field("58", "BR"))
            .Append(Field("59", Ascii(merchantName, 25)))
            .Append(Field("60", Ascii(merchantCity, 15)))
            .Append(Field("62", Field("05", "***")))
            .Append("6304");
        return payload + Crc16(payload.ToString()).ToString("X4", CultureInfo.InvariantCulture);
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

    private static string Field(string id, string value) => id + value.Length.ToString("D2", CultureInfo.InvariantCulture) + value;

    /// <summary>Names and cities go without accents, at most so many characters (the EMV fields' limits).</summary>
    private static string Ascii(string text, int max)
    {
        var plain = new string(text.Normalize(NormalizationForm.FormD).Where(c => c < 128 && !char.IsControl(c)).ToArray()).Trim();
        return plain.Length <= max ? plain : plain[..max];
    }
}
