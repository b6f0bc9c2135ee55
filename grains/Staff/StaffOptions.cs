namespace Lottopar.Grains.Staff;

/// <summary>Back-office account rules; bound from the "Lottopar:Staff" configuration section.</summary>
public sealed class StaffOptions
{
    public const string SectionName = "Lottopar:Staff";

    public int MinimumPasswordLength { get; set; } = 12;

    /// <summary>Failed sign-ins in a row before the account locks.</summary>
    public int MaxFailedSignIns { get; set; } = 5;

    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan InvitationValidity { get; set; } = TimeSpan.FromDays(3);

    public TimeSpan ResetCodeValidity { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Wrong tries of one one-time code before it is void.</summary>
    public int CodeMaxAttempts { get; set; } = 5;

    /// <summary>Authenticator codes one step (30 s) early or late are accepted, for clock skew.</summary>
    public int TotpDriftSteps { get; set; } = 1;

    /// <summary>The issuer authenticator apps show next to the code.</summary>
    public string TotpIssuer { get; set; } = "LOTTOPAR";
}
