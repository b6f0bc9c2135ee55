namespace Lottopar.Grains.Staff;

/// <summary>Back-office account rules; bound from the "Lottopar:Staff" configuration section.</summary>
public sealed class StaffOptions
{
    public const string SectionName = "Lottopar:Staff";

    public int MinimumPasswordLength { get; set; } = 12;

    /// <summary>Failed sign-ins from one address before that address waits (<see cref="SignInThrottle"/>).</summary>
    public int SignInFailuresBeforeDelay { get; set; } = 5;

    /// <summary>The first wait; it doubles with each further failure from the address.</summary>
    public TimeSpan FirstSignInDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan LongestSignInDelay { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Password-reset messages sent to one account in an hour at most; more requests are answered alike and send nothing.</summary>
    public int ResetMessagesPerHour { get; set; } = 3;

    public TimeSpan InvitationValidity { get; set; } = TimeSpan.FromDays(3);

    public TimeSpan ResetCodeValidity { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Wrong tries of one one-time code before it is void.</summary>
    public int CodeMaxAttempts { get; set; } = 5;

    /// <summary>Authenticator codes one step (30 s) early or late are accepted, for clock skew.</summary>
    public int TotpDriftSteps { get; set; } = 1;

    /// <summary>The issuer authenticator apps show next to the code.</summary>
    public string TotpIssuer { get; set; } = "LOTTOPAR";
}
