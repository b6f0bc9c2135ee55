namespace Lottopar.Silo.Security;

/// <summary>Per-address limits of the sign-in routes (/auth/*); bound from "Lottopar:Auth".</summary>
public sealed class AuthLimitOptions
{
    public const string SectionName = "Lottopar:Auth";

    /// <summary>Requests to /auth/* per client address per minute (a password spray from one address stops here).</summary>
    public int RequestsPerMinutePerAddress { get; set; } = 30;

    /// <summary>Password-reset requests per client address per hour (each can send someone a message).</summary>
    public int PasswordResetsPerHourPerAddress { get; set; } = 10;
}
