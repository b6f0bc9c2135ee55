using System.Diagnostics.CodeAnalysis;
using OtpNet;

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
/// RFC 6238 time-based one-time passwords, computed by Otp.NET. This class keeps the platform's contract on top of it:
/// 6-8 digits only, a minimum secret length, no times before the epoch, a malformed code is a plain refusal, and the
/// matched step is -1 on failure (Otp.NET reports 0, which is a real step).
/// </summary>
public static class Totp
{
    public const int MinDigits = 6;
    public const int MaxDigits = 8;

    // RFC 4226 section 4 (R6) requires a shared secret of at least 128 bits.
    public const int MinSecretLength = 16;

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
            // Otp.NET would truncate towards zero and silently give step 0 here.
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

        return new Hotp(secret.ToArray(), HashModeOf(parameters.Algorithm), parameters.Digits).ComputeHOTP(step);
    }

    /// <summary>
    /// Accepts the code of the current step or of up to <paramref name="allowedDriftSteps"/> steps before/after it
    /// (clock skew between server and phone). Each comparison runs in constant time.
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
        _ = StepAt(now, parameters.PeriodSeconds); // refuses a time before the epoch, as Generate does

        matchedStep = -1;

        // Otp.NET throws on a null code; a code of the right length but with other characters it would merely fail to match.
        if (!IsWellFormed(code, parameters.Digits))
        {
            return false;
        }

        // Otp.NET tries the current step first, then the earlier ones, then the later ones, and stops at the first match;
        // steps below zero are skipped.
        var totp = new OtpNet.Totp(secret.ToArray(), parameters.PeriodSeconds, HashModeOf(parameters.Algorithm), parameters.Digits);
        var window = new VerificationWindow(previous: allowedDriftSteps, future: allowedDriftSteps);
        if (!totp.VerifyTotp(now.UtcDateTime, code, out var step, window))
        {
            return false;
        }

        matchedStep = step;
        return true;
    }

    /// <summary>A new random secret; 20 bytes (160 bits) as RFC 4226 recommends.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is below <see cref="MinSecretLength"/>.</exception>
    public static byte[] NewSecret(int length = 20)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, MinSecretLength);
        return KeyGeneration.GenerateRandomKey(length);
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

        return new OtpUri(
            OtpType.Totp,
            secret.ToArray(),
            account,
            issuer,
            HashModeOf(parameters.Algorithm),
            parameters.Digits,
            parameters.PeriodSeconds).ToString();
    }

    private static OtpHashMode HashModeOf(TotpAlgorithm algorithm) => algorithm switch
    {
        TotpAlgorithm.Sha1 => OtpHashMode.Sha1,
        TotpAlgorithm.Sha256 => OtpHashMode.Sha256,
        TotpAlgorithm.Sha512 => OtpHashMode.Sha512,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown TOTP algorithm."),
    };

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

    // Otp.NET accepts 1-10 digits for TOTP and any hash mode value; the platform allows what authenticator apps show.
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
