using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Lottopar.Grains.Security;
using Xunit;

namespace Lottopar.Grains.Tests.Security;

public class Base32Tests
{
    // RFC 4648 section 10, with the '=' padding removed.
    [Theory]
    [InlineData("", "")]
    [InlineData("f", "MY")]
    [InlineData("fo", "MZXQ")]
    [InlineData("foo", "MZXW6")]
    [InlineData("foob", "MZXW6YQ")]
    [InlineData("fooba", "MZXW6YTB")]
    [InlineData("foobar", "MZXW6YTBOI")]
    public void Encode_matches_rfc4648_vectors_without_padding(string plain, string expected)
    {
        Assert.Equal(expected, Base32.Encode(Encoding.ASCII.GetBytes(plain)));
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("MY", "f")]
    [InlineData("MZXQ", "fo")]
    [InlineData("MZXW6", "foo")]
    [InlineData("MZXW6YQ", "foob")]
    [InlineData("MZXW6YTB", "fooba")]
    [InlineData("MZXW6YTBOI", "foobar")]
    public void Decode_matches_rfc4648_vectors_without_padding(string encoded, string expected)
    {
        Assert.Equal(Encoding.ASCII.GetBytes(expected), Base32.Decode(encoded));
    }

    // RFC 4648 section 10 exactly as printed, padding included.
    [Theory]
    [InlineData("MY======", "f")]
    [InlineData("MZXQ====", "fo")]
    [InlineData("MZXW6===", "foo")]
    [InlineData("MZXW6YQ=", "foob")]
    [InlineData("MZXW6YTB", "fooba")]
    [InlineData("MZXW6YTBOI======", "foobar")]
    public void Decode_accepts_padding(string encoded, string expected)
    {
        Assert.Equal(Encoding.ASCII.GetBytes(expected), Base32.Decode(encoded));
    }

    [Theory]
    [InlineData("mzxw6ytboi")]
    [InlineData("MzXw6YtBoI")]
    [InlineData("mzxw6ytboi======")]
    [InlineData("MZXW 6YTB OI")]
    [InlineData("MZXW-6YTB-OI")]
    [InlineData(" mzxw-6ytb oi== ")]
    public void Decode_ignores_case_spaces_and_hyphens(string encoded)
    {
        Assert.Equal("foobar"u8.ToArray(), Base32.Decode(encoded));
    }

    [Theory]
    [InlineData("MZXW1YTB", '1')]
    [InlineData("MZXW8YTB", '8')]
    [InlineData("MZXW0YTB", '0')]
    [InlineData("MZXW6YT!", '!')]
    public void Decode_rejects_characters_outside_the_alphabet_and_names_them(string encoded, char bad)
    {
        var ex = Assert.Throws<FormatException>(() => Base32.Decode(encoded));
        Assert.Contains($"'{bad}'", ex.Message, StringComparison.Ordinal);
        Assert.False(Base32.TryDecode(encoded, out var bytes));
        Assert.Empty(bytes);
    }

    [Theory]
    [InlineData("MY==MY")] // data after padding
    [InlineData("M")] // 1, 3 or 6 trailing symbols cannot come from whole bytes
    [InlineData("MZX")]
    [InlineData("MZXW6Y")]
    [InlineData("MZXW6YTBO")]
    public void Decode_rejects_malformed_text(string encoded)
    {
        Assert.Throws<FormatException>(() => Base32.Decode(encoded));
        Assert.False(Base32.TryDecode(encoded, out _));
    }

    [Fact]
    public void Decode_null_throws_and_TryDecode_null_returns_false()
    {
        Assert.Throws<ArgumentNullException>(() => Base32.Decode(null!));
        Assert.False(Base32.TryDecode(null!, out var bytes));
        Assert.Empty(bytes);
    }

    [Fact]
    public void TryDecode_returns_the_bytes_on_success()
    {
        Assert.True(Base32.TryDecode("mzxw6ytboi==", out var bytes));
        Assert.Equal("foobar"u8.ToArray(), bytes);
    }

    [Fact]
    public void Encode_of_long_input_stays_correct()
    {
        // 1000 bytes is 8000 bits, a whole number of 5-bit symbols, so all-ones input must encode to nothing but '7'.
        var data = Enumerable.Repeat((byte)0xFF, 1000).ToArray();

        var encoded = Base32.Encode(data);

        Assert.Equal(1600, encoded.Length);
        Assert.All(encoded, c => Assert.Equal('7', c));
        Assert.Equal(data, Base32.Decode(encoded));
    }

    [Fact]
    public void Decode_of_encode_round_trips_for_arbitrary_bytes()
    {
        var bytes = Gen.Choose(0, 255).Select(i => (byte)i).ArrayOf().ToArbitrary();

        Check.QuickThrowOnFailure(Prop.ForAll(bytes, data =>
        {
            var encoded = Base32.Encode(data);
            return encoded.All(c => c is (>= 'A' and <= 'Z') or (>= '2' and <= '7'))
                && encoded.Length == (data.Length * 8 + 4) / 5
                && Base32.Decode(encoded).AsSpan().SequenceEqual(data)
                && Base32.Decode(encoded.ToLowerInvariant()).AsSpan().SequenceEqual(data);
        }));
    }
}
