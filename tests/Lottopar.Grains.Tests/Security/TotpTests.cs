using System.Text;
using Lottopar.Grains.Security;
using Xunit;

namespace Lottopar.Grains.Tests.Security;

public class TotpTests
{
    // RFC 6238 Appendix B seeds: the ASCII digits repeated to the hash's output length.
    private static readonly byte[] Sha1Seed = Encoding.ASCII.GetBytes("12345678901234567890");
    private static readonly byte[] Sha256Seed = Encoding.ASCII.GetBytes("12345678901234567890123456789012");
    private static readonly byte[] Sha512Seed = Encoding.ASCII.GetBytes("1234567890123456789012345678901234567890123456789012345678901234");

    // Step containing 1111111111, and the SHA-1 6-digit codes around it (last six digits of the RFC 6238 values
    // for 1111111109 and 1111111111 are the codes of steps 37037036 and 37037037).
    private const long NowUnix = 1111111111;
    private const long NowStep = 37037037;

    private static byte[] SeedFor(TotpAlgorithm algorithm) => algorithm switch
    {
        TotpAlgorithm.Sha1 => Sha1Seed,
        TotpAlgorithm.Sha256 => Sha256Seed,
        _ => Sha512Seed,
    };

    private static DateTimeOffset At(long unixSeconds) => DateTimeOffset.FromUnixTimeSeconds(unixSeconds);

    [Theory]
    [InlineData(59L, TotpAlgorithm.Sha1, "94287082")]
    [InlineData(59L, TotpAlgorithm.Sha256, "46119246")]
    [InlineData(59L, TotpAlgorithm.Sha512, "90693936")]
    [InlineData(1111111109L, TotpAlgorithm.Sha1, "07081804")]
    [InlineData(1111111109L, TotpAlgorithm.Sha256, "68084774")]
    [InlineData(1111111109L, TotpAlgorithm.Sha512, "25091201")]
    [InlineData(1111111111L, TotpAlgorithm.Sha1, "14050471")]
    [InlineData(1111111111L, TotpAlgorithm.Sha256, "67062674")]
    [InlineData(1111111111L, TotpAlgorithm.Sha512, "99943326")]
    [InlineData(1234567890L, TotpAlgorithm.Sha1, "89005924")]
    [InlineData(1234567890L, TotpAlgorithm.Sha256, "91819424")]
    [InlineData(1234567890L, TotpAlgorithm.Sha512, "93441116")]
    [InlineData(2000000000L, TotpAlgorithm.Sha1, "69279037")]
    [InlineData(2000000000L, TotpAlgorithm.Sha256, "90698825")]
    [InlineData(2000000000L, TotpAlgorithm.Sha512, "38618901")]
    [InlineData(20000000000L, TotpAlgorithm.Sha1, "65353130")]
    [InlineData(20000000000L, TotpAlgorithm.Sha256, "77737706")]
    [InlineData(20000000000L, TotpAlgorithm.Sha512, "47863826")]
    public void Generate_matches_rfc6238_appendix_b(long unixSeconds, TotpAlgorithm algorithm, string expected)
    {
        var parameters = new TotpParameters(algorithm, Digits: 8);
        var seed = SeedFor(algorithm);

        Assert.Equal(expected, Totp.Generate(seed, At(unixSeconds), parameters));
        Assert.True(Totp.Verify(seed, expected, At(unixSeconds), 0, out var step, parameters));
        Assert.Equal(unixSeconds / 30, step);
    }

    [Theory]
    [InlineData(1111111109L, TotpAlgorithm.Sha1, "081804")]
    [InlineData(1111111111L, TotpAlgorithm.Sha256, "062674")]
    [InlineData(20000000000L, TotpAlgorithm.Sha512, "863826")]
    public void Six_digit_codes_are_the_rfc6238_values_modulo_a_million(long unixSeconds, TotpAlgorithm algorithm, string expected)
    {
        Assert.Equal(expected, Totp.Generate(SeedFor(algorithm), At(unixSeconds), new TotpParameters(algorithm)));
    }

    // The "T (hex)" column of RFC 6238 Appendix B.
    [Theory]
    [InlineData(59L, 0x0000000000000001L)]
    [InlineData(1111111109L, 0x00000000023523ECL)]
    [InlineData(1111111111L, 0x00000000023523EDL)]
    [InlineData(1234567890L, 0x000000000273EF07L)]
    [InlineData(2000000000L, 0x0000000003F940AAL)]
    [InlineData(20000000000L, 0x0000000027BC86AAL)]
    public void StepAt_matches_rfc6238_appendix_b(long unixSeconds, long expectedStep)
    {
        Assert.Equal(expectedStep, Totp.StepAt(At(unixSeconds)));
    }

    [Theory]
    [InlineData(0L, 30, 0L)]
    [InlineData(29L, 30, 0L)]
    [InlineData(30L, 30, 1L)]
    [InlineData(59L, 30, 1L)]
    [InlineData(60L, 30, 2L)]
    [InlineData(119L, 60, 1L)]
    [InlineData(120L, 60, 2L)]
    [InlineData(7L, 1, 7L)]
    public void StepAt_floors_at_period_boundaries(long unixSeconds, int period, long expectedStep)
    {
        Assert.Equal(expectedStep, Totp.StepAt(At(unixSeconds), period));
    }

    [Fact]
    public void StepAt_ignores_sub_second_and_offset()
    {
        var justBeforeBoundary = new DateTimeOffset(1970, 1, 1, 0, 0, 59, 999, TimeSpan.Zero);
        var sameInstantElsewhere = new DateTimeOffset(1969, 12, 31, 21, 1, 0, TimeSpan.FromHours(-3));

        Assert.Equal(1, Totp.StepAt(justBeforeBoundary));
        Assert.Equal(2, Totp.StepAt(sameInstantElsewhere));
    }

    [Fact]
    public void StepAt_rejects_times_before_the_epoch_and_bad_periods()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Totp.StepAt(At(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Totp.StepAt(At(60), 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Totp.StepAt(At(60), -30));
    }

    // RFC 4226 Appendix D.
    [Theory]
    [InlineData(0L, "755224")]
    [InlineData(1L, "287082")]
    [InlineData(2L, "359152")]
    [InlineData(3L, "969429")]
    [InlineData(4L, "338314")]
    [InlineData(5L, "254676")]
    [InlineData(6L, "287922")]
    [InlineData(7L, "162583")]
    [InlineData(8L, "399871")]
    [InlineData(9L, "520489")]
    public void GenerateForStep_matches_rfc4226_hotp_vectors(long counter, string expected)
    {
        Assert.Equal(expected, Totp.GenerateForStep(Sha1Seed, counter));
    }

    [Fact]
    public void Generate_uses_the_configured_period()
    {
        var parameters = new TotpParameters(PeriodSeconds: 60);

        // RFC 4226 counter 1 covers seconds 60..119 at a 60 s period.
        Assert.Equal("287082", Totp.Generate(Sha1Seed, At(60), parameters));
        Assert.Equal("287082", Totp.Generate(Sha1Seed, At(119), parameters));
        Assert.Equal("359152", Totp.Generate(Sha1Seed, At(120), parameters));
    }

    [Theory]
    [InlineData(5)]
    [InlineData(9)]
    [InlineData(0)]
    public void Digits_outside_6_to_8_are_rejected(int digits)
    {
        var parameters = new TotpParameters(Digits: digits);

        Assert.Throws<ArgumentOutOfRangeException>(() => Totp.Generate(Sha1Seed, At(NowUnix), parameters));
        Assert.Throws<ArgumentOutOfRangeException>(() => Totp.GenerateForStep(Sha1Seed, 1, parameters));
        Assert.Throws<ArgumentOutOfRangeException>(() => Totp.Verify(Sha1Seed, "123456", At(NowUnix), 1, out _, parameters));
        Assert.Throws<ArgumentOutOfRangeException>(() => Totp.OtpAuthUri("LOTTOPAR", "ana", Sha1Seed, parameters));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-30)]
    public void Period_below_one_second_is_rejected(int period)
    {
        var parameters = new TotpParameters(PeriodSeconds: period);

        Assert.Throws<ArgumentOutOfRangeException>(() => Totp.Generate(Sha1Seed, At(NowUnix), parameters));
        Assert.Throws<ArgumentOutOfRangeException>(() => Totp.Verify(Sha1Seed, "123456", At(NowUnix), 1, out _, parameters));
    }

    [Fact]
    public void Unknown_algorithm_and_empty_secret_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Totp.GenerateForStep(Sha1Seed, 1, new TotpParameters((TotpAlgorithm)42)));
        Assert.Throws<ArgumentException>(() => Totp.GenerateForStep([], 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Totp.GenerateForStep(Sha1Seed, -1));
    }

    [Fact]
    public void Verify_accepts_the_current_step_and_reports_it()
    {
        // Last six digits of the RFC 6238 SHA-1 value at 1111111111.
        Assert.True(Totp.Verify(Sha1Seed, "050471", At(NowUnix), 0, out var matched));
        Assert.Equal(NowStep, matched);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1)]
    public void Verify_accepts_one_step_of_drift_when_allowed(int offset)
    {
        var code = Totp.GenerateForStep(Sha1Seed, NowStep + offset);

        Assert.True(Totp.Verify(Sha1Seed, code, At(NowUnix), 1, out var matched));
        Assert.Equal(NowStep + offset, matched);
        Assert.False(Totp.Verify(Sha1Seed, code, At(NowUnix), 0, out _));
    }

    [Fact]
    public void Verify_matches_the_previous_step_from_an_independent_vector()
    {
        // 1111111109 lies in the step just before 1111111111; its RFC 6238 code must be accepted with drift 1.
        Assert.True(Totp.Verify(Sha1Seed, "081804", At(NowUnix), 1, out var matched));
        Assert.Equal(NowStep - 1, matched);
    }

    [Theory]
    [InlineData(-2)]
    [InlineData(2)]
    public void Verify_refuses_codes_beyond_the_allowed_drift(int offset)
    {
        var code = Totp.GenerateForStep(Sha1Seed, NowStep + offset);

        Assert.False(Totp.Verify(Sha1Seed, code, At(NowUnix), 1, out var matched));
        Assert.Equal(-1, matched);
        Assert.True(Totp.Verify(Sha1Seed, code, At(NowUnix), 2, out matched));
        Assert.Equal(NowStep + offset, matched);
    }

    [Fact]
    public void Verify_refuses_a_wrong_code()
    {
        Assert.False(Totp.Verify(Sha1Seed, "150471", At(NowUnix), 1, out var matched));
        Assert.Equal(-1, matched);
    }

    [Fact]
    public void Verify_refuses_a_code_for_another_secret()
    {
        Assert.False(Totp.Verify(Sha256Seed, "050471", At(NowUnix), 1, out _));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("12345a")]
    [InlineData("12345")]
    [InlineData("1234567")]
    [InlineData("05047 ")]
    [InlineData(" 050471")]
    [InlineData("-50471")]
    [InlineData("\uFF10\uFF15\uFF10\uFF14\uFF17\uFF11")] // full-width digits of the valid code
    public void Verify_returns_false_for_malformed_codes(string? code)
    {
        Assert.False(Totp.Verify(Sha1Seed, code, At(NowUnix), 1, out var matched));
        Assert.Equal(-1, matched);
    }

    [Fact]
    public void Verify_at_the_epoch_accepts_step_zero()
    {
        Assert.True(Totp.Verify(Sha1Seed, "755224", At(0), 2, out var matched));
        Assert.Equal(0, matched);
    }

    [Fact]
    public void Verify_rejects_negative_drift()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Totp.Verify(Sha1Seed, "050471", At(NowUnix), -1, out _));
    }

    [Fact]
    public void NewSecret_returns_fresh_random_bytes_of_the_requested_length()
    {
        var a = Totp.NewSecret();
        var b = Totp.NewSecret();

        Assert.Equal(20, a.Length);
        Assert.NotEqual(a, b);
        Assert.Equal(32, Totp.NewSecret(32).Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => Totp.NewSecret(15));
        Assert.Throws<ArgumentOutOfRangeException>(() => Totp.NewSecret(0));
    }

    [Fact]
    public void OtpAuthUri_follows_the_key_uri_format()
    {
        var uri = Totp.OtpAuthUri("LOTTOPAR Homologacao", "ana@lottopar.pr.gov.br", Sha1Seed);

        Assert.Equal(
            "otpauth://totp/LOTTOPAR%20Homologacao:ana%40lottopar.pr.gov.br"
            + "?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=LOTTOPAR%20Homologacao&algorithm=SHA1&digits=6&period=30",
            uri);
    }

    [Fact]
    public void OtpAuthUri_carries_non_default_parameters_and_escapes_the_label_separator()
    {
        var parameters = new TotpParameters(TotpAlgorithm.Sha512, Digits: 8, PeriodSeconds: 60);

        var uri = Totp.OtpAuthUri("Loto:PR", "a:b", Sha1Seed, parameters);

        Assert.Equal(
            "otpauth://totp/Loto%3APR:a%3Ab"
            + "?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Loto%3APR&algorithm=SHA512&digits=8&period=60",
            uri);
    }

    [Fact]
    public void OtpAuthUri_secret_round_trips_through_base32()
    {
        var secret = Totp.NewSecret();

        var uri = new Uri(Totp.OtpAuthUri("LOTTOPAR Homologacao", "ana@lottopar.pr.gov.br", secret));
        var query = uri.Query.TrimStart('?').Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);

        Assert.Equal("otpauth", uri.Scheme);
        Assert.Equal(secret, Base32.Decode(Uri.UnescapeDataString(query["secret"])));
        Assert.Equal("LOTTOPAR Homologacao", Uri.UnescapeDataString(query["issuer"]));
    }

    [Fact]
    public void OtpAuthUri_rejects_blank_issuer_or_account()
    {
        Assert.Throws<ArgumentException>(() => Totp.OtpAuthUri(" ", "ana", Sha1Seed));
        Assert.Throws<ArgumentException>(() => Totp.OtpAuthUri("LOTTOPAR", "", Sha1Seed));
        Assert.Throws<ArgumentException>(() => Totp.OtpAuthUri("LOTTOPAR", "ana", []));
    }
}
