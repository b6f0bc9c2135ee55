using OtpNet;

namespace Lottopar.Grains.Security;

/// <summary>
/// RFC 4648 base32 (alphabet <c>A-Z2-7</c>), the encoding authenticator apps use for TOTP secrets. The bits are
/// converted by Otp.NET's <see cref="Base32Encoding"/>; this wrapper normalises around what that class does
/// differently from what operators and apps need: it pads its output with <c>=</c>, throws on empty input, throws an
/// <see cref="ArgumentException"/> that names no character for spaces, hyphens or a bad symbol, and silently drops
/// the tail of truncated text ("MZX" decodes to "f" instead of being refused).
/// </summary>
public static class Base32
{
    /// <summary>
    /// Encodes <paramref name="data"/> in upper case without <c>=</c> padding, as authenticator apps expect.
    /// </summary>
    public static string Encode(ReadOnlySpan<byte> data) =>
        data.IsEmpty ? string.Empty : Base32Encoding.ToString(data.ToArray()).TrimEnd('=');

    /// <summary>
    /// Decodes base32 text. Accepts upper and lower case and optional trailing <c>=</c> padding, and ignores
    /// spaces and hyphens (people copy secrets in groups such as <c>ABCD EFGH</c>).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="FormatException">The text holds a character outside the alphabet, data after padding, or a length no byte sequence encodes to.</exception>
    public static byte[] Decode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryDecodeCore(text, out var bytes, out var error) ? bytes : throw new FormatException(error);
    }

    /// <summary>
    /// Decodes like <see cref="Decode"/> but returns <see langword="false"/> (and an empty array) instead of throwing.
    /// </summary>
    public static bool TryDecode(string text, out byte[] bytes)
    {
        if (text is null)
        {
            bytes = [];
            return false;
        }

        return TryDecodeCore(text, out bytes, out _);
    }

    private static bool TryDecodeCore(string text, out byte[] bytes, out string? error)
    {
        bytes = [];
        if (!TryNormalize(text, out var symbols, out error))
        {
            return false;
        }

        bytes = symbols.Length == 0 ? [] : Base32Encoding.ToBytes(symbols);
        return true;
    }

    // Leaves only alphabet symbols, so that Base32Encoding.ToBytes sees text it decodes correctly.
    private static bool TryNormalize(string text, out string symbols, out string? error)
    {
        symbols = string.Empty;
        var kept = new char[text.Length];
        var count = 0;
        var paddingSeen = false;

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is ' ' or '-')
            {
                continue;
            }

            if (c == '=')
            {
                paddingSeen = true;
                continue;
            }

            if (!IsInAlphabet(c))
            {
                error = $"Invalid base32 character '{c}' (U+{(int)c:X4}) at position {i}.";
                return false;
            }

            if (paddingSeen)
            {
                error = $"Base32 character '{c}' at position {i} follows '=' padding.";
                return false;
            }

            kept[count++] = c;
        }

        // A final group of 1, 3 or 6 symbols cannot come from any whole number of bytes: the text was truncated.
        if (count % 8 is 1 or 3 or 6)
        {
            error = $"Base32 text has {count} symbols, which no byte sequence encodes to.";
            return false;
        }

        symbols = new string(kept, 0, count);
        error = null;
        return true;
    }

    private static bool IsInAlphabet(char c) => c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '2' and <= '7');
}
