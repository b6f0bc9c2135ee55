namespace Lottopar.Grains.Security;

/// <summary>
/// RFC 4648 base32 (alphabet <c>A-Z2-7</c>), the encoding authenticator apps use for TOTP secrets.
/// </summary>
public static class Base32
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    /// <summary>
    /// Encodes <paramref name="data"/> in upper case without <c>=</c> padding, as authenticator apps expect.
    /// </summary>
    public static string Encode(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return string.Empty;
        }

        var chars = new char[(data.Length * 8 + 4) / 5];
        var buffer = 0;
        var bitCount = 0;
        var index = 0;
        foreach (var b in data)
        {
            buffer = (buffer << 8) | b;
            bitCount += 8;
            while (bitCount >= 5)
            {
                bitCount -= 5;
                chars[index++] = Alphabet[(buffer >> bitCount) & 0x1F];
            }

            // Only the bits not yet emitted matter; dropping the rest keeps the buffer small, so long input
            // cannot overflow it even in a checked context.
            buffer &= (1 << bitCount) - 1;
        }

        if (bitCount > 0)
        {
            chars[index++] = Alphabet[(buffer << (5 - bitCount)) & 0x1F];
        }

        return new string(chars, 0, index);
    }

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
        var output = new byte[text.Length * 5 / 8];
        var buffer = 0;
        var bitCount = 0;
        var length = 0;
        var symbols = 0;
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

            var value = ValueOf(c);
            if (value < 0)
            {
                error = $"Invalid base32 character '{c}' (U+{(int)c:X4}) at position {i}.";
                return false;
            }

            if (paddingSeen)
            {
                error = $"Base32 character '{c}' at position {i} follows '=' padding.";
                return false;
            }

            symbols++;
            buffer = (buffer << 5) | value;
            bitCount += 5;
            if (bitCount >= 8)
            {
                bitCount -= 8;
                output[length++] = (byte)(buffer >> bitCount);
            }

            // Only the bits not yet emitted matter; dropping the rest keeps the buffer small, so long input
            // cannot overflow it even in a checked context.
            buffer &= (1 << bitCount) - 1;
        }

        // A final group of 1, 3 or 6 symbols cannot come from any whole number of bytes: the text was truncated.
        if (symbols % 8 is 1 or 3 or 6)
        {
            error = $"Base32 text has {symbols} symbols, which no byte sequence encodes to.";
            return false;
        }

        bytes = length == output.Length ? output : output[..length];
        error = null;
        return true;
    }

    private static int ValueOf(char c) => c switch
    {
        >= 'A' and <= 'Z' => c - 'A',
        >= 'a' and <= 'z' => c - 'a',
        >= '2' and <= '7' => c - '2' + 26,
        _ => -1,
    };
}
