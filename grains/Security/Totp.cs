using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Lottopar.Grains.Security;

/// <summary>HMAC function behind a TOTP code (RFC 6238 section 1.2).</summary>
public enum TotpAlgorithm
{
    Sha1,
    Sha256,
    Sha512,
}

/// <summary>
/// How codes are produced: HMAC algorithm, number of digits (6 to 8) and time step length in seconds (at least 1).
/// The defaults are the ones every authenticator app supports.
/// </summary>
public sealed record TotpParameters(TotpAlgorithm Algorithm = TotpAlgorithm.Sha1, int Digits = 6, int PeriodSeconds = 30)
{
    public static readonly TotpParameters Default = new();
}

/// <summary>
/// RFC 6238 time-based one-time passwords over RFC 4226 HOTP (HMAC + dynamic truncation).
/// </summary>
public static class Totp
{
    public const int MinDigits = 6;
    public const int MaxDigits = 8;

    // RFC 4226 section 4 (R6) requires a shared secret of at least 128 bits.
    public const int MinSecretLength = 16;

    private const int MaxHashLength = 64;

    /// <summary>
    /// The RFC 6238 time step containing <paramref name="time"/>: floor(Unix seconds / <paramref name="periodSeconds"/>).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="time"/> is before the Unix epoch, or <paramref name="periodSeconds"/> is below 1.</exception>
    public static long StepAt(DateTimeOffset time, int periodSeconds = 30)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(periodSeconds, 1);
        var unixSeconds = time.ToUnixTimeSeconds();
        if (unixSeconds < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(time), time, "TOTP is not defined before the Unix epoch.");
        }

        return unixSeconds / periodSeconds;
    }

    /// <summary>The code for the step containing <paramref name="time"/>, zero-padded to the configured number of digits.</summary>
    public static string Generate(ReadOnlySpan<byte> secret, DateTimeOffset time, TotpParameters? parameters = null)
    {
        parameters ??= TotpParameters.Default;
        Validate(parameters);
        return GenerateForStep(secret, StepAt(time, parameters.PeriodSeconds), parameters);
    }

    /// <summary>
    /// The code for an explicit step; with the step used as the counter this is RFC 4226 HOTP.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="secret"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="step"/> is negative or <paramref name="parameters"/> are out of range.</exception>
    public static string GenerateForStep(ReadOnlySpan<byte> secret, long step, TotpParameters? parameters = null)
    {
        parameters ??= TotpParameters.Default;
        Validate(parameters);
        ValidateSecret(secret);
        ArgumentOutOfRangeException.ThrowIfNegative(step);

        Span<char> code = stackalloc char[MaxDigits];
        var written = WriteCode(secret, step, parameters, code);
        return new string(code[..written]);
    }

    /// <summary>
    /// Accepts the code of the current step or of up to <paramref name="allowedDriftSteps"/> steps before/after it
    /// (clock skew between server and phone). Compares in constant time.
    /// </summary>
    /// <param name="matchedStep">
    /// On success the step whose code matched; the caller stores it and refuses replays, i.e. any later code whose
    /// step is less than or equal to the last accepted step. On failure -1.
    /// </param>
    /// <returns>
    /// <see langword="false"/> (never an exception) for a null, empty, wrong-length or non-digit code, or one that matches no step in the window.
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="allowedDriftSteps"/> is negative, <paramref name="now"/> is before the epoch, or <paramref name="parameters"/> are out of range.</exception>
    /// <exception cref="ArgumentException"><paramref name="secret"/> is empty.</exception>
    public static bool Verify(
        ReadOnlySpan<byte> secret,
        string? code,
        DateTimeOffset now,
        int allowedDriftSteps,
        out long matchedStep,
        TotpParameters? parameters = null)
    {
        parameters ??= TotpParameters.Default;
        Validate(parameters);
        ValidateSecret(secret);
        ArgumentOutOfRangeException.ThrowIfNegative(allowedDriftSteps);

        matchedStep = -1;
        var current = StepAt(now, parameters.PeriodSeconds);

        if (!IsWellFormed(code, parameters.Digits))
        {
            return false;
        }

        Span<byte> given = stackalloc byte[MaxDigits];
        Span<byte> expected = stackalloc byte[MaxDigits];
        Span<char> candidate = stackalloc char[MaxDigits];
        var length = Encoding.ASCII.GetBytes(code, given);
        given = given[..length];

        // Every step in the window is computed and compared, matched or not, so the time taken does not reveal
        // which step (if any) matched.
        for (var offset = -(long)allowedDriftSteps; offset <= allowedDriftSteps; offset++)
        {
            var step = current + offset;
            if (step < 0)
            {
                continue;
            }

            var written = WriteCode(secret, step, parameters, candidate);
            Encoding.ASCII.GetBytes(candidate[..written], expected);
            if (CryptographicOperations.FixedTimeEquals(given, expected[..written]) && matchedStep < 0)
            {
                matchedStep = step;
            }
        }

        return matchedStep >= 0;
    }

    /// <summary>A new random secret from <see cref="RandomNumberGenerator"/>; 20 bytes (160 bits) as RFC 4226 recommends.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is below <see cref="MinSecretLength"/>.</exception>
    public static byte[] NewSecret(int length = 20)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, MinSecretLength);
        return RandomNumberGenerator.GetBytes(length);
    }

    /// <summary>
    /// The provisioning URI authenticator apps read (usually shown as a QR code), in the "Key Uri Format":
    /// <c>otpauth://totp/{issuer}:{account}?secret={BASE32}&amp;issuer={issuer}&amp;algorithm=SHA1&amp;digits=6&amp;period=30</c>,
    /// with issuer and account percent-encoded in both label and parameters.
    /// </summary>
    public static string OtpAuthUri(string issuer, string account, ReadOnlySpan<byte> secret, TotpParameters? parameters = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(issuer);
        ArgumentException.ThrowIfNullOrWhiteSpace(account);
        parameters ??= TotpParameters.Default;
        Validate(parameters);
        ValidateSecret(secret);

        var escapedIssuer = Uri.EscapeDataString(issuer);
        var escapedAccount = Uri.EscapeDataString(account);
        var algorithm = parameters.Algorithm switch
        {
            TotpAlgorithm.Sha1 => "SHA1",
            TotpAlgorithm.Sha256 => "SHA256",
            _ => "SHA512",
        };

        return string.Create(
            CultureInfo.InvariantCulture,
            $"otpauth://totp/{escapedIssuer}:{escapedAccount}?secret={Base32.Encode(secret)}&issuer={escapedIssuer}&algorithm={algorithm}&digits={parameters.Digits}&period={parameters.PeriodSeconds}");
    }

    [SuppressMessage(
        "Security",
        "CA5350:Do Not Use Weak Cryptographic Algorithms",
        Justification = "RFC 6238 and every authenticator app default to HMAC-SHA1; collision attacks on SHA-1 do not carry over to HMAC.")]
    private static int WriteCode(ReadOnlySpan<byte> secret, long step, TotpParameters parameters, Span<char> destination)
    {
        Span<byte> counter = stackalloc byte[sizeof(long)];
        BinaryPrimitives.WriteInt64BigEndian(counter, step);

        Span<byte> hash = stackalloc byte[MaxHashLength];
        var hashLength = parameters.Algorithm switch
        {
            TotpAlgorithm.Sha1 => HMACSHA1.HashData(secret, counter, hash),
            TotpAlgorithm.Sha256 => HMACSHA256.HashData(secret, counter, hash),
            TotpAlgorithm.Sha512 => HMACSHA512.HashData(secret, counter, hash),
            _ => throw new ArgumentOutOfRangeException(nameof(parameters), parameters.Algorithm, "Unknown TOTP algorithm."),
        };
        hash = hash[..hashLength];

        // RFC 4226 section 5.3: the low nibble of the last byte picks four bytes; the top bit is dropped so the
        // value reads the same whether the platform treats it as signed or unsigned.
        var offset = hash[^1] & 0x0F;
        var binary = ((hash[offset] & 0x7F) << 24)
            | (hash[offset + 1] << 16)
            | (hash[offset + 2] << 8)
            | hash[offset + 3];

        var value = binary % Pow10(parameters.Digits);
        var digits = parameters.Digits;
        for (var i = digits - 1; i >= 0; i--)
        {
            destination[i] = (char)('0' + (value % 10));
            value /= 10;
        }

        return digits;
    }

    private static bool IsWellFormed([NotNullWhen(true)] string? code, int digits)
    {
        if (code is null || code.Length != digits)
        {
            return false;
        }

        foreach (var c in code)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static int Pow10(int exponent)
    {
        var result = 1;
        for (var i = 0; i < exponent; i++)
        {
            result *= 10;
        }

        return result;
    }

    private static void Validate(TotpParameters parameters)
    {
        if (parameters.Digits is < MinDigits or > MaxDigits)
        {
            throw new ArgumentOutOfRangeException(nameof(parameters), parameters.Digits, $"Digits must be between {MinDigits} and {MaxDigits}.");
        }

        if (parameters.PeriodSeconds < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(parameters), parameters.PeriodSeconds, "PeriodSeconds must be at least 1.");
        }

        if (!Enum.IsDefined(parameters.Algorithm))
        {
            throw new ArgumentOutOfRangeException(nameof(parameters), parameters.Algorithm, "Unknown TOTP algorithm.");
        }
    }

    private static void ValidateSecret(ReadOnlySpan<byte> secret)
    {
        if (secret.IsEmpty)
        {
            throw new ArgumentException("The TOTP secret must not be empty.", nameof(secret));
        }
    }
}
